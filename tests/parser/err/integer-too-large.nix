{
  services.journald.extraConfig = "SystemMaxUse=1G";
  boot.kernel.sysctl."kernel.shmmax" = 18446744073709551615;
}
