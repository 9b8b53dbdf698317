{ lib, buildGoModule, fetchFromGitHub }:

buildGoModule {
  pname = "gotail";
  version = "1.0.0";
  src = fetchFromGitHub {
    owner = "gotail";
    repo = "gotail";
    rev = "v1.0.0;
    hash = "sha256-2mN1dYc8tPq6yV3kR5wH0eJ7xL9aZ4sB1fU6gT8iO0Q=";
  };
  vendorHash = null;
}
