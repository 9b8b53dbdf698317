{ lib, stdenv, fetchurl }:

stdenv.mkDerivation rec {
  pname = "tinyfetch";
  version = "0.6.2"
  src = fetchurl {
    url = "https://example.org/tinyfetch-${version}.tar.gz";
    hash = "sha256-oH4mHMrW/7N3VUgIgrtIk0sKqcOtt9iRqCYm5y7mD1M=";
  };
  meta.license = lib.licenses.mit;
}
