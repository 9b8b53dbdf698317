# Every package of the set, by name. `callPackage` fills in arguments from
# nixpkgs; `craneLib` is passed explicitly because nixpkgs has no such
# attribute.
{
  pkgs,
  craneLib,
  lib ? pkgs.lib,
}:
lib.makeScope pkgs.newScope (self: {
  constellation = self.callPackage ./constellation { inherit craneLib; };

  lanternd = self.callPackage ./lanternd { };
})
