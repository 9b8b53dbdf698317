import ./make-test-python.nix ({ pkgs, lib, ... }: {
  name = "webserver";
  meta.maintainers = [ ];

  nodes.server = { config, pkgs, ... }: {
    services.nginx.enable = true;
    networking.firewall.allowedTCPPorts = [ 80 ];
  };
  nodes.client = { pkgs, ... }: {
    environment.systemPackages = [ pkgs.curl ];
  };

  testScript = { nodes, ... }: ''
    start_all()
    server.wait_for_unit("nginx.service")
    client.succeed("curl -f http://server/")
    port = ${toString (builtins.head nodes.server.networking.firewall.allowedTCPPorts)}
  '';
})
