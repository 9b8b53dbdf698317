{ lib
, rustPlatform
, fetchFromGitHub
, pkg-config
, openssl
, stdenv
, darwin
, installShellFiles
}:

rustPlatform.buildRustPackage rec {
  pname = "tidy-logs";
  version = "1.12.3";

  src = fetchFromGitHub {
    owner = "tidy-logs";
    repo = pname;
    rev = "refs/tags/v${version}";
    hash = "sha256-y9zjB2tCq6Dx6hTMwHb6kZC1AqPYf4n4pFfQ5k8d8yM=";
  };

  cargoHash = "sha256-5tQ4r5x3vZ2xvZKJcKqNwfcW8u0s5aCq3gYcTQYb5Fw=";

  nativeBuildInputs = [ pkg-config installShellFiles ];
  buildInputs = [ openssl ]
    ++ lib.optionals stdenv.isDarwin [ darwin.apple_sdk.frameworks.Security ];

  buildNoDefaultFeatures = true;
  buildFeatures = [ "json" "color" ];

  checkFlags = [
    # needs network access
    "--skip=remote::fetch"
  ];

  postInstall = ''
    installManPage target/man/tidy-logs.1
    installShellCompletion --bash --name tidy-logs target/completions/tidy-logs.bash
  '';

  meta = with lib; {
    description = "Reformat and filter structured log streams";
    homepage = "https://github.com/tidy-logs/tidy-logs";
    license = with licenses; [ mit asl20 ];
    mainProgram = "tidy-logs";
  };
}
