import ./make-test-python.nix ({ pkgs, lib, ... }: {
  name = "web-and-db";
  meta.maintainers = [ ];

  nodes = {
    db = { config, pkgs, ... }: {
      services.postgresql = {
        enable = true;
        ensureDatabases = [ "app" ];
        ensureUsers = [{ name = "app"; ensureDBOwnership = true; }];
      };
      networking.firewall.allowedTCPPorts = [ 5432 ];
    };

    web = { nodes, ... }: {
      services.nginx.enable = true;
      environment.variables.DB_HOST = nodes.db.networking.primaryIPAddress;
    };
  };

  testScript = { nodes, ... }: ''
    start_all()
    db.wait_for_unit("postgresql.service")
    web.wait_for_unit("nginx.service")

    with subtest("web can reach db"):
        web.succeed("nc -z ${nodes.db.networking.primaryIPAddress} 5432")

    # Python dicts and f-strings need no escaping:
    result = {"status": web.succeed("curl -s localhost")}
    print(f"got {result['status']}")
    web.succeed("test ''${#HOME} -gt 0")
  '';
})
