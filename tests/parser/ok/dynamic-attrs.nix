{ lib ? import <nixpkgs/lib> }:
let
  services = [ "web" "worker" "scheduler" ];
  mkUnit = name: {
    "${name}" = {
      description = "The ${name} service";
      after = [ "network.target" ];
    };
  };
  key = "port";
in
{
  units = lib.foldl' (acc: name: acc // mkUnit name) { } services;
  byName = builtins.listToAttrs (map (n: { name = n; value = { }; }) services);
  config.${key} = 8080;
  config."${key}-tls" = 8443;
  "${key}s" = [ 1 2 ];
  ${if true then "yes" else "no"} = true;
  nested.${key}.${key} = 1;
  fromString = { "quoted-${key}" = 1; }."quoted-port";
  hasDynamic = { a = 1; } ? ${"a"};
}
