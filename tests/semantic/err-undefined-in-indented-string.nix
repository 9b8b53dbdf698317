{ pkgs }:
''
  #!/bin/sh
  exec ${pkgs.coreutils}/bin/env \
    HOME=${homeDir} \
    "$@"
''
