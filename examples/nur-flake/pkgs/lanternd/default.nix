{
  lib,
  buildGoModule,
  fetchFromGitHub,
  nixosTests,
  testers,
  lanternd,
}:
buildGoModule rec {
  pname = "lanternd";
  version = "1.4.2";

  src = fetchFromGitHub {
    owner = "starlight-labs";
    repo = "lanternd";
    rev = "main";
    hash = "sha256-Wc8mB2nQ0tZ4yR7vK1pL6xE3sH9aJ5dF0gU2iO8bN4A=";
  };

  vendorHash = "sha256-pT5qL0wN8cX2vB7mK4jH1gF6dS3aZ9yR0eU5iO2tQ7E=";

  subPackages = [
    "cmd/lanternd"
    "cmd/lanternctl"
  ];

  ldflags = [
    "-s"
    "-w"
    "-X github.com/starlight-labs/lanternd/internal/version.Version=${version}"
    "-X github.com/starlight-labs/lanternd/internal/version.Commit=${src.rev}"
  ];

  tags = [ "netgo" ];

  env.CGO_ENABLED = 0;

  checkFlags = [ "-skip=TestIntegration" ];

  passthru.tests = {
    module = nixosTests.lanternd or null;
    version = testers.testVersion {
      package = lanternd;
      command = "lanternd --version";
    };
  };

  meta = {
    description = "Small HTTP status beacon that serves health pages for a fleet of hosts";
    homepage = "https://github.com/starlight-labs/lanternd";
    changelog = "https://github.com/starlight-labs/lanternd/blob/v${version}/CHANGELOG.md";
    license = lib.licenses.mpl20;
    mainProgram = "lanternd";
    maintainers = with lib.maintainers; [ ];
    platforms = lib.platforms.linux ++ lib.platforms.darwin;
  };
}
