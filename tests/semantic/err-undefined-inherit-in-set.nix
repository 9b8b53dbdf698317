{
  name = "x";
  inherit version;
}
