{ lib, config, ... }:
let
  inherit (lib) mkOption types mapAttrs';
  siteModule = { name, config, ... }: {
    options = {
      root = mkOption { type = types.path; };
      domain = mkOption { type = types.str; default = name; };
    };
    config.root = lib.mkDefault "/srv/${config.domain}";
  };
in
{
  options.sites = mkOption {
    type = types.attrsOf (types.submodule siteModule);
    default = { };
  };
  config.environment.etc = mapAttrs' (name: site: {
    name = "sites/${name}";
    value.text = site.root;
  }) config.sites;
}
