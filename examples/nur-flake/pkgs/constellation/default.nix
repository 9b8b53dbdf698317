{
  lib,
  stdenv,
  craneLib,
  fetchFromGitHub,
  pkg-config,
  openssl,
  darwin,
  installShellFiles,
}:
let
  pname = "constellation";
  version = "0.9.4";

  src = fetchFromGitHub {
    owner = "starlight-labs";
    repo = "constellation";
    rev = "4f2a9c1e8b7d6053a1e9f0c2d4b6a8e0f1c3d5b7";
    hash = "sha256-3qvZ0mC1xR8yJ0rTq1b6Hn2wE5pLk9aGf4sD7uV2c1M=";
  };

  commonArgs = {
    inherit pname version src;
    strictDeps = true;

    nativeBuildInputs = [
      pkg-config
      installShellFiles
    ];

    buildInputs =
      [ openssl ]
      ++ lib.optionals stdenv.isDarwin [
        darwin.apple_sdk.frameworks.Security
        darwin.apple_sdk.frameworks.SystemConfiguration
      ];
  };

  # Dependencies are built once and reused by the package and by checks.
  cargoArtifacts = craneLib.buildDepsOnly commonArgs;
in
craneLib.buildPackage (
  commonArgs
  // {
    inherit cargoArtifacts;

    cargoExtraArgs = "--locked --package constellation-cli --features tls-openssl";
    cargoTestExtraArgs = "-- --skip network::";

    env.CONSTELLATION_BUILD_VERSION = version;

    postInstall = lib.optionalString (stdenv.buildPlatform.canExecute stdenv.hostPlatform) ''
      installShellCompletion --cmd constellation \
        --bash <($out/bin/constellation completions bash) \
        --zsh <($out/bin/constellation completions zsh) \
        --fish <($out/bin/constellation completions fish)
    '';

    meta = {
      description = "Star catalogue indexer and sky-chart renderer";
      longDescription = ''
        constellation reads star catalogues (HYG, Tycho-2) into a compact
        index and renders sky charts for a given place and time as SVG or
        PNG.
      '';
      homepage = "https://github.com/starlight-labs/constellation";
      changelog = "https://github.com/starlight-labs/constellation/releases/tag/v${version}";
      license = with lib.licenses; [
        asl20
        mit
      ];
      mainProgram = "constellation";
      maintainers = with lib.maintainers; [ ];
      platforms = lib.platforms.unix;
    };
  }
)
