let
  name = "web";
  env = "prod";
  ports = { http = 80; https = 443; };
in
{
  services.${name}.enable = true;
  services."${name}-${env}".replicas = 3;
  "dotted.key" = "kept as one attribute";
  "with space" = 1;
  ${"computed"} = 2;
  a.b.c.d = 4;
  a.b."c-d".e = 5;
  a.b.${env}.f = 6;
  labels."app.kubernetes.io/name" = name;
  environment.etc."ssh/ssh_config".text = "Host *\n  ServerAliveInterval 60\n";
  "rec" = { inherit (ports) http https; };
  inherit name;
  inherit (ports) http;
  inherit "env";
  lookup = ports.${"http"} + ports."https";
  hasHttps = ports ? https && ports ? "http" && ports ? ${name};
  fallback = ports.gopher or 70;
  deep = { x.y.z = 1; }.x.y.z or 0;
  withDefaultPath = ports."ftp" or ports.http;
}
