{ lib, stdenv, fetchFromGitHub, cmake, ninja, boost, fmt, gtest, testers }:

stdenv.mkDerivation (finalAttrs: {
  pname = "quarkdb";
  version = "0.8.0";

  src = fetchFromGitHub {
    owner = "quarkdb";
    repo = "quarkdb";
    rev = "v${finalAttrs.version}";
    hash = "sha256-hyRgMuvwM7cG1bx4tP1vYZDy2E+FzAtqWHd4T6dJ0Yk=";
  };

  nativeBuildInputs = [ cmake ninja ];
  buildInputs = [ boost fmt ];
  checkInputs = [ gtest ];

  cmakeFlags = [
    (lib.cmakeBool "QUARKDB_BUILD_TESTS" finalAttrs.finalPackage.doCheck)
    (lib.cmakeFeature "CMAKE_INSTALL_LIBDIR" "lib")
  ];

  doCheck = true;

  passthru.tests.version = testers.testVersion {
    package = finalAttrs.finalPackage;
    command = "quarkdb --version";
  };

  meta = {
    description = "Embedded key-value store";
    homepage = "https://github.com/quarkdb/quarkdb";
    license = lib.licenses.asl20;
    pkgConfigModules = [ "quarkdb" ];
    mainProgram = "quarkdb";
  };
})
