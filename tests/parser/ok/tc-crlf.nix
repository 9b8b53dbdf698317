{
  lib,
  stdenv,
}:
stdenv.mkDerivation {
  name = "crlf-trailing-comma";
  meta.license = lib.licenses.mit;
}
