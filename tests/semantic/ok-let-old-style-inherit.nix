x: let {
  inherit x;
  body = x;
}
