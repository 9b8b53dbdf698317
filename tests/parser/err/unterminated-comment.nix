{ lib, ... }:
{
  /* Disabled until the upstream fix lands:
  services.foo.enable = true;
  services.foo.port = 8080;

  services.bar.enable = lib.mkDefault false;
}
