{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.services.lanternd;

  inherit (lib)
    mkEnableOption
    mkIf
    mkOption
    mkPackageOption
    types
    ;

  settingsFormat = pkgs.formats.toml { };

  targetModule =
    { name, ... }:
    {
      options = {
        url = mkOption {
          type = types.str;
          example = "https://example.org/healthz";
          description = "URL probed for target `${name}`.";
        };
        interval = mkOption {
          type = types.ints.positive;
          default = 30;
          description = "Seconds between two probes.";
        };
        expectStatus = mkOption {
          type = types.listOf types.ints.u16;
          default = [ 200 ];
          description = "HTTP status codes that count as healthy.";
        };
        labels = mkOption {
          type = types.attrsOf types.str;
          default = { };
          example = {
            team = "infra";
          };
          description = "Labels shown next to the target on the status page.";
        };
      };
    };

  configFile = settingsFormat.generate "lanternd.toml" {
    listen = "[::]:${toString cfg.port}";
    log_level = cfg.logLevel;
    targets = lib.mapAttrsToList (name: t: { inherit name; } // t) cfg.settings;
  };
in
{
  options.services.lanternd = {
    enable = mkEnableOption "lanternd, a status beacon for a fleet of hosts";

    package = mkPackageOption pkgs [ "nur" "lanternd" ] { };

    port = mkOption {
      type = types.port;
      default = 7420;
      description = "TCP port the status page and the metrics endpoint listen on.";
    };

    settings = mkOption {
      type = types.attrsOf (types.submodule targetModule);
      default = { };
      example = lib.literalExpression ''
        {
          website.url = "https://example.org";
          api = {
            url = "https://api.example.org/healthz";
            interval = 10;
          };
        }
      '';
      description = "Targets to probe, by name.";
    };

    logLevel = mkOption {
      type = types.enum [
        "debug"
        "info"
        "warn"
        "error"
      ];
      default = "info";
      description = "Verbosity of the service log.";
    };

    extraArgs = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "--read-timeout=5s" ];
      description = "Extra command-line arguments for lanternd.";
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Whether to open {option}`services.lanternd.port` in the firewall.";
    };

    user = mkOption {
      type = types.str;
      default = "lanternd";
      description = "User account lanternd runs as.";
    };

    group = mkOption {
      type = types.str;
      default = "lanternd";
      description = "Group lanternd runs as.";
    };
  };

  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.settings != { };
        message = "services.lanternd.settings needs at least one target.";
      }
    ];

    systemd.services.lanternd = {
      description = "lanternd status beacon";
      documentation = [ "https://github.com/starlight-labs/lanternd" ];
      wantedBy = [ "multi-user.target" ];
      after = [ "network-online.target" ];
      wants = [ "network-online.target" ];
      restartTriggers = [ configFile ];

      serviceConfig = {
        ExecStart = lib.escapeShellArgs (
          [
            (lib.getExe cfg.package)
            "--config"
            configFile
          ]
          ++ cfg.extraArgs
        );
        ExecReload = "${pkgs.coreutils}/bin/kill -HUP $MAINPID";
        Restart = "on-failure";
        RestartSec = 5;

        DynamicUser = true;
        User = cfg.user;
        Group = cfg.group;
        StateDirectory = "lanternd";
        RuntimeDirectory = "lanternd";

        AmbientCapabilities = lib.optional (cfg.port < 1024) "CAP_NET_BIND_SERVICE";
        CapabilityBoundingSet = lib.optional (cfg.port < 1024) "CAP_NET_BIND_SERVICE";
        NoNewPrivileges = true;
        PrivateTmp = true;
        PrivateDevices = true;
        ProtectHome = true;
        ProtectSystem = "strict";
        ProtectKernelTunables = true;
        ProtectKernelModules = true;
        ProtectControlGroups = true;
        RestrictAddressFamilies = [
          "AF_INET"
          "AF_INET6"
        ];
        RestrictNamespaces = true;
        LockPersonality = true;
        MemoryDenyWriteExecute = true;
        SystemCallFilter = [ "@system-service" ];
      };
    };

    networking.firewall.allowedTCPPorts = mkIf cfg.openFirewall [ cfg.port ];

    users.users.${cfg.user} = {
      isSystemUser = true;
      group = cfg.group;
      description = "lanternd service user";
    };
    users.groups.${cfg.group} = { };
  };
}
