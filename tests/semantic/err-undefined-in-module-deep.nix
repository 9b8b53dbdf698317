{ config, lib, pkgs, ... }:

let
  settings = config.services.indexer.settings;
in
{
  options.services.indexer = {
    enable = lib.mkEnableOption "the indexer";
    settings = lib.mkOption {
      type = lib.types.attrs;
      default = { };
    };
  };

  config = lib.mkIf config.services.indexer.enable {
    systemd.services.indexer = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig = {
        ExecStart = "${pkgs.indexer}/bin/indexer --threads ${toString cfg.threads}";
        Restart = "always";
      };
      environment.SETTINGS = builtins.toJSON settings;
    };
  };
}
