import ./make-test-python.nix ({ pkgs, ... }: {
  name = "database";

  nodes.db = { config, ... }: {
    services.postgresql.enable = true;
    services.postgresql.package = pkgs.postgresql_14;
  };

  testScript = ''
    db.wait_for_unit("postgresql.service")
    db.succeed("psql --version | grep ${lib.versions.major pkgs.postgresql_14.version}")
  '';
})
