{ lib, buildNpmPackage, fetchFromGitHub, nodejs_20, haskellPackages, haskell }:

{
  markdown-lint = buildNpmPackage rec {
    pname = "markdown-lint";
    version = "0.37.1";
    nodejs = nodejs_20;

    src = fetchFromGitHub {
      owner = "mdlint";
      repo = "markdown-lint";
      rev = "v${version}";
      hash = "sha256-u0x3QZr0KqVJ8PjX7dBv7GgBBo0z6CNSG5tUuBmQd1A=";
    };

    npmDepsHash = "sha256-Pq7S2HC0dB4UwWm+3k8g0sVmCQqyjv3uN8+qHq+J6aQ=";
    dontNpmBuild = true;
    npmFlags = [ "--legacy-peer-deps" ];
  };

  hs-todo = haskell.lib.compose.justStaticExecutables
    (haskellPackages.callCabal2nix "hs-todo" ./hs-todo { });

  hs-todo-dev = haskellPackages.shellFor {
    packages = p: [ (p.callCabal2nix "hs-todo" ./hs-todo { }) ];
    nativeBuildInputs = with haskellPackages; [ cabal-install haskell-language-server ];
  };
}
