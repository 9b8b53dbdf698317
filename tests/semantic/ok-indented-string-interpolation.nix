{ name, port }:
''
  server {
    listen ${toString port};
    server_name ${name};
    # ''${not_interpolated}
    root ${let dir = "/var/www"; in dir};
  }
''
