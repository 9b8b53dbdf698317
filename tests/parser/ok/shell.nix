{ pkgs ? import <nixpkgs> { config.allowUnfree = true; overlays = [ ]; }
, ciMode ? builtins.getEnv "CI" != ""
}:

pkgs.mkShell {
  name = "dev-environment";

  packages = with pkgs; [
    git
    gnumake
    nodejs_20
    (python3.withPackages (p: [ p.black p.mypy ]))
  ] ++ pkgs.lib.optionals (!ciMode) [ pkgs.vscodium ];

  inputsFrom = [ (pkgs.callPackage ./default.nix { }) ];

  env = {
    LANG = "C.UTF-8";
    NODE_OPTIONS = "--max-old-space-size=4096";
  };

  shellHook = ''
    export PROJECT_ROOT=$(git rev-parse --show-toplevel)
    if [ -f .env ]; then
      set -a; source .env; set +a
    fi
    echo "entered ${if ciMode then "CI" else "dev"} shell"
  '';
}
