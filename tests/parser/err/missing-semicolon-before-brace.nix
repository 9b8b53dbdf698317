{ config, lib, ... }:
{
  networking.hostName = "ganymede";
  time.timeZone = "Europe/Berlin";
  services.openssh = {
    enable = true;
    settings.PasswordAuthentication = false
  };
}
