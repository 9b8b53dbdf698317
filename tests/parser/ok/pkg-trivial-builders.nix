{ pkgs ? import <nixpkgs> { } }:

let
  inherit (pkgs) writeShellScriptBin writeShellApplication writeText runCommand symlinkJoin
    writeTextDir linkFarm;

  greeting = writeText "greeting.txt" ''
    Hello from ${pkgs.lib.version}!
  '';

  backup = writeShellApplication {
    name = "backup";
    runtimeInputs = with pkgs; [ rsync coreutils ];
    text = ''
      set -x
      dest="''${1:-/mnt/backup}"
      rsync -a --delete "$HOME/" "$dest/$(date +%F)/"
    '';
  };
in
symlinkJoin {
  name = "my-tools";
  paths = [
    backup
    (writeShellScriptBin "hi" "cat ${greeting}")
    (writeTextDir "share/doc/my-tools/README" "Small helper scripts.\n")
    (runCommand "motd" { nativeBuildInputs = [ pkgs.figlet ]; } ''
      mkdir -p $out/etc
      figlet "welcome" > $out/etc/motd
    '')
    (linkFarm "configs" [
      { name = "etc/tool.conf"; path = ./tool.conf; }
    ])
  ];
}
