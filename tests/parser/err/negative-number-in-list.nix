{
  services.nginx.appendConfig = "worker_priority -5;";
  systemd.services.batch.serviceConfig.Nice = 10;
  boot.kernelParams = [ "quiet" ];
  powerManagement.offsets = [ 0 -5 10 ];
}
