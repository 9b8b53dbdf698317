{ lib, buildGoModule, fetchFromGitHub, installShellFiles, stdenv }:

buildGoModule rec {
  pname = "kubeshark-lite";
  version = "0.4.7";

  src = fetchFromGitHub {
    owner = "kslite";
    repo = "kubeshark-lite";
    rev = "v${version}";
    hash = "sha256-Q0bS4rLw8l3lF2x1yG1cH5r9cIhT+Jk2gq1oL7eGZ6s=";
  };

  vendorHash = null;

  subPackages = [ "cmd/ksl" ];

  ldflags = [
    "-s" "-w"
    "-X main.version=${version}"
    "-X main.builtBy=nixpkgs"
  ];

  nativeBuildInputs = [ installShellFiles ];

  postInstall = lib.optionalString (stdenv.buildPlatform.canExecute stdenv.hostPlatform) ''
    installShellCompletion --cmd ksl \
      --bash <($out/bin/ksl completion bash) \
      --zsh <($out/bin/ksl completion zsh)
  '';

  meta = {
    description = "Traffic viewer for Kubernetes";
    homepage = "https://github.com/kslite/kubeshark-lite";
    license = lib.licenses.asl20;
    mainProgram = "ksl";
  };
}
