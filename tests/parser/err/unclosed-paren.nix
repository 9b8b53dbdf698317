let
  pkgs = import <nixpkgs> { };
  tools = (pkgs.buildEnv {
    name = "tools";
    paths = [ pkgs.jq pkgs.yq ];
  };
in
tools
