{
  version = pkgs.lib.version;
}
