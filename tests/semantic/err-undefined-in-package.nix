{ lib, stdenv }:

stdenv.mkDerivation rec {
  pname = "widget";
  version = "0.1";

  # fetchurl is used but not taken as an argument.
  src = fetchurl {
    url = "https://example.org/${pname}-${version}.tar.gz";
    sha256 = "0000000000000000000000000000000000000000000000000000";
  };

  meta.license = lib.licenses.mit;
}
