{ lib, stdenv, runCommand, testers }:

stdenv.mkDerivation (finalAttrs: {
  pname = "clitool";
  version = "2.1";
  src = ./.;

  passthru.tests = {
    version = testers.testVersion { package = finalAttrs.finalPackage; };
    runs = runCommand "clitool-runs" { nativeBuildInputs = [ finalAttrs.finalPackage ]; } ''
      clitool --help > $out
    '';
  };
  passthru.updateScript = ./update.sh;

  meta = {
    description = "A tool";
    license = lib.licenses.asl20;
  };
})
