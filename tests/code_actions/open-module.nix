# A NixOS module in RFC 166 layout, with a name that is not in scope.
{
  config,
  lib,
  pkgs,
  unusedArg,
  ...
}:
let
  cfg = config.services.demo;
  unusedLet = 1;
  inherit (lib) mkIf mkEnableOption mkOption;
in
{
  options.services.demo = {
    enable = mkEnableOption "demo";
  };
  config = mkIf cfg.enable {
    environment.systemPackages = [ pkgs.hello somethingUndefined ];
    systemd.services.demo.serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
  };
}
