{ lib, pkgs }:
let
  inherit (lib) mkIf mkOption types
  cfg = { enable = true; };
in
mkIf cfg.enable { }
