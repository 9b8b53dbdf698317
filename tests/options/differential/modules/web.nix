# A service declared through a helper, merged with `//`, with submodules.
{ config, lib, pkgs, ... }:
let
  helpers = import ./helpers.nix { inherit lib; };
  cfg = config.services.web;
  inherit (lib) mkOption types;
in
{
  imports = [ ./web-extra.nix ./cycle-a.nix ];

  options.services.web = helpers.serviceOptions "web" { defaultPort = 8080; } // {
    package = lib.mkPackageOption pkgs "hello" { };

    virtualHosts = mkOption {
      type = types.attrsOf (types.submodule ({ name, ... }: {
        options = {
          serverName = mkOption {
            type = types.nullOr types.str;
            default = null;
            description = "Server name of ${name}; the attribute name when null.";
          };
          root = mkOption {
            type = types.path;
            example = "/var/www";
            description = "Document root.";
          };
          locations = mkOption {
            type = types.listOf (types.submodule {
              options.path = mkOption { type = types.str; description = "Location prefix."; };
              options.proxy = mkOption { type = types.either types.str types.int; default = 80; description = "Upstream."; };
            });
            default = [ ];
            description = "Locations, in order.";
          };
        };
      }));
      default = { };
      description = "Virtual hosts by name.";
    };

    backends = mkOption {
      type = types.attrsOf (types.submodule helpers.endpoint);
      default = { };
      description = "Backends.";
    };

    logLevel = mkOption {
      type = types.enum [ "debug" "info" "warn" ];
      default = "info";
      description = "Log verbosity.";
    };

    workers = mkOption {
      type = types.nullOr types.ints.positive;
      default = null;
      example = 4;
      description = "Worker processes; one per core when null.";
    };

    extraConfig = mkOption {
      type = types.lines;
      default = "";
      example = ''
        gzip on;
        # ${"$"}{x} stays
      '';
      description = "Lines added to the configuration file.";
    };

    environment = mkOption {
      type = types.attrsOf (types.oneOf [ types.str types.int types.bool ]);
      default = { LANG = "C.UTF-8"; };
      defaultText = lib.literalExpression ''{ LANG = "C.UTF-8"; }'';
      description = "Environment of the service.";
    };

    stateDir = mkOption {
      type = types.str;
      default = "/var/lib/web";
      readOnly = true;
      description = "Where web keeps its state (read-only).";
    };

    secretFile = mkOption {
      type = types.nullOr types.path;
      default = null;
      internal = true;
      description = "Internal.";
    };

    mode = mkOption {
      type = types.coercedTo types.int toString types.str;
      default = "0644";
      description = lib.mdDoc "File mode as a **string**.";
    };

    hook = mkOption {
      type = types.functionTo (types.listOf types.str);
      default = x: [ ];
      defaultText = lib.literalMD "no extra arguments";
      description = "Computes extra arguments.";
    };

    ratio = mkOption {
      type = types.either types.float types.int;
      default = 0.5;
      description = "A ratio.";
    };

    settings = mkOption {
      type = types.submodule {
        freeformType = types.attrsOf types.str;
        options.name = mkOption { type = types.str; default = "web"; description = "Name in the settings file."; };
      };
      default = { };
      description = "Free-form settings.";
    };
  };

  config = lib.mkIf cfg.enable {
    services.web.environment.PORT = toString cfg.port;
  };
}
