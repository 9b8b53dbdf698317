{ pkgs ? import <nixpkgs> { }
, withDocs ? false
}:

pkgs.mkShell {
  name = "dev";
  packages = with pkgs; [ git jq ] ++ pkgs.lib.optional withDocs pkgs.mdbook;
  shellHook = ''
    export PROJECT_ROOT=$PWD
    echo "entering ${if withDocs then "docs" else "plain"} shell"
  '';
}
