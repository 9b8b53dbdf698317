{ lib, ... }:
{
  imports = [ ./cycle-a.nix ];
  options.chain.b = lib.mkOption {
    type = lib.types.attrsOf (lib.types.listOf lib.types.str);
    default = { x = [ "y" ]; };
    description = "Declared in cycle-b.";
  };
}
