{
  services.nginx.virtualHosts."example.org". = {
    forceSSL = true;
    root = "/var/www";
  };
}
