# Leading-comma formals without `...`, and names that are not defined.
{ stdenv
, fetchFromGitHub
, unused
}:
stdenv.mkDerivation {
  name = "x";
  src = fetchFromGitHub { owner = "o"; repo = "r"; rev = "v1"; hash = hashValue; };
  nativeBuildInputs = [ cmake ];
}
