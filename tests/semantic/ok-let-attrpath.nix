let
  cfg.enable = true;
  cfg.port = 80;
in
cfg
