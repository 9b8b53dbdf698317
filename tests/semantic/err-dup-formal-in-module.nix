{ config
, lib
, pkgs
, lib
, ...
}:
{
  environment.systemPackages = [ pkgs.hello ];
  networking.hostName = lib.mkDefault "h";
}
