{ lib
, stdenv
, fetchurl
, zlib
, fetchurl
}:
stdenv.mkDerivation {
  pname = "twice";
  version = "1";
  src = fetchurl { url = "https://example.org/t.tar"; sha256 = ""; };
  buildInputs = [ zlib ];
  meta.license = lib.licenses.mit;
}
