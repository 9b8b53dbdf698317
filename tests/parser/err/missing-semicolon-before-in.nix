{ pkgs ? import <nixpkgs> { } }:
let
  python = pkgs.python3.withPackages (ps: [ ps.requests ps.pyyaml ]);
  name = "sync-tool"
in
pkgs.writeShellScriptBin name ''
  exec ${python}/bin/python ${./sync.py} "$@"
''
