{ config, lib, pkgs, ... }:
{
  imports = [ ./hardware.nix ];

  networking.hostName = "server";
  networking.firewall.enable = true;

  services.openssh.enable = true;
  services.openssh.settings.PasswordAuthentication = false;

  environment.systemPackages = with pkgs; [ vim git ];

  services.nginx = {
    enable = true;
    virtualHosts."example.org".root = "/srv/www";
  };

  services.openssh.enable = false;

  system.stateVersion = "22.05";
}
