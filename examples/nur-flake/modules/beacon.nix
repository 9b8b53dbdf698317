# beacon: publishes a heartbeat for this host to a lanternd instance.
{
  config,
  lib,
  pkgs,
  ...
}:
let
  fleetLib = import ../lib { inherit lib; };
  cfg = config.services.beacon;
in
{
  options.services.beacon =
    fleetLib.mkServiceOptions "beacon" {
      description = "the beacon heartbeat publisher";
      defaultPort = 7421;
    }
    // {
      target = lib.mkOption {
        type = lib.types.str;
        example = "http://status.internal:7420";
        description = "Base URL of the lanternd instance to report to.";
      };
    };

  config = lib.mkIf cfg.enable {
    systemd.services.beacon = {
      description = "beacon heartbeat publisher"
      wantedBy = [ "multi-user.target" ];
      after = [ "network-online.target" ];
      wants = [ "network-online.target" ];
      serviceConfig = fleetLib.hardenedServiceConfig // {
        ExecStart = "${pkgs.nur.lanternd}/bin/lanternctl beacon ${
          fleetLib.toCommandLine {
            inherit (cfg) target port;
            hostname = config.networking.hostName;
          }
        }";
        DynamicUser = true;
        User = cfg.user;
        Group = cfg.group;
      };
    };

    networking.firewall.allowedTCPPorts = lib.optional cfg.openFirewall cfg.port;
  };
}
