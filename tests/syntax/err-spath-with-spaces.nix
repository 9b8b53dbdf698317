< nixpkgs >
