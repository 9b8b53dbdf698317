{ config, lib, pkgs, ... }:
{
  environment.systemPackages = with pkgs; [ git vim ];

  users.users.alice = {
    isNormalUser = true;
    extraGroups = [ "wheel" "networkmanager" ];
  };

  programs.fish.enable = true;
