# Extends options of web.nix: more virtual host options (submodule types
# merge), renamed and removed options.
{ lib, ... }:
{
  imports = [
    (lib.mkRenamedOptionModule [ "services" "web" "listenPort" ] [ "services" "web" "port" ])
    (lib.mkRemovedOptionModule [ "services" "web" "legacyMode" ] "Use services.web.mode instead.")
    (lib.mkAliasOptionModule [ "web" ] [ "services" "web" ])
  ];

  options.services.web.virtualHosts = lib.mkOption {
    type = lib.types.attrsOf (lib.types.submodule {
      options.tls = lib.mkEnableOption "TLS for this host";
    });
  };
}
