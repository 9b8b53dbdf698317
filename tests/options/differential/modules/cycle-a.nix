# imports chains with a cycle: a -> b -> a.
{ lib, ... }:
{
  imports = [ ./cycle-b.nix ];
  options.chain.a = lib.mkOption {
    type = lib.types.listOf lib.types.package;
    default = [ ];
    description = "Declared in cycle-a.";
  };
}
