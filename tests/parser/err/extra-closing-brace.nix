{ config, ... }:
{
  services.printing.enable = true;
  };
  hardware.bluetooth.enable = true;
}
