let
  cfg.port = 1;
  cfg.port = 2;
in
cfg
