{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.services.mirror;

  siteModule =
    {
      name,
      config,
      ...
    }:
    {
      options = {
        upstream = lib.mkOption {
          type = lib.types.str;
          description = "Upstream URL of mirror ${name}.";
        };
        path = lib.mkOption {
          type = lib.types.str;
          default = "/srv/mirror/${name}";
        };
      };
    };

  mkTimer =
    {
      name,
      interval ? "hourly",
    }:
    {
      wantedBy = [ "timers.target" ];
      timerConfig.OnCalendar = interval;
      timerConfig.Unit = "mirror-${name}.service";
    };
in
{
  options.services.mirror.sites = lib.mkOption {
    type = lib.types.attrsOf (lib.types.submodule siteModule);
    default = { };
  };

  config.systemd.timers = lib.mapAttrs' (
    name: site: lib.nameValuePair "mirror-${name}" (mkTimer { inherit name; })
  ) cfg.sites;
}
