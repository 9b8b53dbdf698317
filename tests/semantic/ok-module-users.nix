{ config, pkgs, ... }:
let
  mkUser = name: { uid, shell ? pkgs.bashInteractive, extraGroups ? [ ] }: {
    inherit uid shell extraGroups;
    isNormalUser = true;
    home = "/home/${name}";
  };
in
{
  users.users.alice = mkUser "alice" { uid = 1000; extraGroups = [ "wheel" ]; };
  users.users.bob = mkUser "bob" { uid = 1001; };
  users.mutableUsers = false;
  security.sudo.wheelNeedsPassword = config.users.mutableUsers;
}
