{ lib, python3Packages }:

python3Packages.buildPythonApplication rec {
  pname = "tasktool";
  version = "0.9";
  format = "pyproject";

  src = ./.;

  propagatedBuildInputs = with python3Packages; [ click rich ];
  nativeCheckInputs = [ python3Packages.pytest ];

  pythonImportsCheck = [ "tasktool" ];

  meta = {
    description = "Manage tasks";
    license = lib.licenses.mit;
    mainProgram = pname;
  };
}
