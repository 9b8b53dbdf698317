{ config, lib, ... }:
let
  cfg = config.services.backup;
  inherit (lib) mkIf mkOption types optional;
in
{
  options.services.backup = {
    enable = mkOption { type = types.bool; default = false; };
    paths = mkOption { type = types.listOf types.str; default = [ ]; };
    repository = mkOption { type = types.nullOr types.str; default = null; };
  };

  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.repository != null;
        message = "services.backup.repository must be set";
      }
    ];
    warnings = optional (cfg.paths == [ ]) "services.backup.paths is empty";
    systemd.timers.backup.wantedBy = [ "timers.target" ];
    systemd.timers.backup.timerConfig.OnCalendar = "daily";
  };
}
