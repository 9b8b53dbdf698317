let
  paths = rec { prefix = "/opt/app"; };
  paths.bin = "${prefix}/bin";
in
paths.bin
