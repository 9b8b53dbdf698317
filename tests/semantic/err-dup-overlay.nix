final: prev: {
  tool = prev.tool.override { withGui = false; };
  library = final.callPackage ./library.nix { };
  tool = final.callPackage ./tool.nix { };
}
