{ lib, modulesPath, ... }:
{
  imports = [
    (modulesPath + "/installer/scan/not-detected.nix")
    ./hardware.nix
    ./users
  ];

  boot.loader.systemd-boot.enable = true;
  boot.loader.efi.canTouchEfiVariables = true;
  boot.kernelModules = [ "kvm-intel" ];

  networking.hostName = "workstation";
  networking.firewall.allowedTCPPorts = [ 22 80 443 ];

  time.timeZone = lib.mkDefault "UTC";
  system.stateVersion = "22.05";
}
