{ lib, stdenv }:
stdenv.mkDerivation {
  pname = "meta-twice";
  version = "1";
  src = ./.;
  meta = {
    description = "first";
    license = lib.licenses.mit;
  };
  meta.description = "second";
}
