{ lib, stdenv, enableTests ? }:
stdenv.mkDerivation {
  name = "tested";
  doCheck = enableTests;
}
