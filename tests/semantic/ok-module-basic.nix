{ config, lib, pkgs, ... }:

let
  cfg = config.services.greeter;
in
{
  options.services.greeter = {
    enable = lib.mkEnableOption "the greeter service";
    message = lib.mkOption {
      type = lib.types.str;
      default = "hello";
      description = "What to say.";
    };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.greeter = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.coreutils}/bin/echo ${cfg.message}";
      serviceConfig.DynamicUser = true;
    };
  };
}
