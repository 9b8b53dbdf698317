{ lib, stdenv, fetchurl:
stdenv.mkDerivation {
  name = "unclosed";
}
