{ lib
, stdenv
  fetchFromGitHub
, cmake
}:
stdenv.mkDerivation { name = "x"; }
