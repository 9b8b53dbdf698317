{
  imports = [
    ./hardware-configuration.nix
    ./modules/
  ];
}
