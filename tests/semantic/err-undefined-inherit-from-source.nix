{
  inherit (lib) mkIf;
}
