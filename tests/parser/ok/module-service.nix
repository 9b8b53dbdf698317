{ config, lib, pkgs, ... }:

with lib;

let
  cfg = config.services.pastebin;
  dataDir = "/var/lib/pastebin";

  configFile = pkgs.writeText "pastebin.json" (builtins.toJSON {
    listen = "${cfg.address}:${toString cfg.port}";
    storage.path = "${dataDir}/pastes";
    max_size = cfg.maxPasteSize;
    expire_after = cfg.expireAfter;
  });
in
{
  meta.maintainers = [ ];

  options.services.pastebin = {
    enable = mkEnableOption (lib.mdDoc "the pastebin web service");

    package = mkOption {
      type = types.package;
      default = pkgs.pastebin;
      defaultText = literalExpression "pkgs.pastebin";
      description = lib.mdDoc "The pastebin package to run.";
    };

    address = mkOption {
      type = types.str;
      default = "127.0.0.1";
      description = lib.mdDoc "Address to listen on.";
    };

    port = mkOption {
      type = types.port;
      default = 8088;
      description = lib.mdDoc "Port to listen on.";
    };

    maxPasteSize = mkOption {
      type = types.ints.positive;
      default = 1024 * 1024;
      description = lib.mdDoc "Largest accepted paste, in bytes.";
    };

    expireAfter = mkOption {
      type = types.nullOr (types.strMatching "[0-9]+[smhd]");
      default = "30d";
      example = "12h";
      description = lib.mdDoc "How long pastes are kept; `null` keeps them forever.";
    };
  };

  config = mkIf cfg.enable {
    systemd.services.pastebin = {
      description = "Pastebin";
      wantedBy = [ "multi-user.target" ];
      after = [ "network.target" ];
      serviceConfig = {
        ExecStart = "${cfg.package}/bin/pastebin --config ${configFile}";
        DynamicUser = true;
        StateDirectory = baseNameOf dataDir;
        Restart = "always";
      };
    };

    services.nginx.virtualHosts."paste.example.org" = mkIf config.services.nginx.enable {
      forceSSL = true;
      enableACME = true;
      locations."/".proxyPass = "http://${cfg.address}:${toString cfg.port}";
    };
  };
}
