{
  lib,
  python3,
  fetchPypi,
  withCli ? true,
  extraPackages ? [ ],
  settings ? {
    verbose = false;
    level = 2;
  },
  pythonPackages ? python3.pkgs,
  name ? "toolbox",
}:

pythonPackages.buildPythonPackage rec {
  pname = name;
  version = "2.0.1";
  pyproject = true;

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-0Qy6N1uW1fj6CjWm2kQ8s9o0f6X2s8fR4wQ1z7pY3nE=";
  };

  build-system = [ pythonPackages.hatchling ];
  dependencies = lib.optionals withCli [ pythonPackages.click ] ++ extraPackages;

  env.TOOLBOX_DEFAULTS = builtins.toJSON settings;
}
