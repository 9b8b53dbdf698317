{ lib
, python3Packages
, fetchPypi
}:

with python3Packages;

buildPythonApplication rec {
  pname = "feedsnap";
  version = "3.1.0";
  pyproject = true;

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-1wP0r9sDgrjUcCw9V7uS3M3cUoXkYl0W8B8qJQw3+1s=";
  };

  build-system = [ setuptools setuptools-scm ];

  dependencies = [
    feedparser
    httpx
    platformdirs
  ] ++ httpx.optional-dependencies.http2;

  nativeCheckInputs = [ pytestCheckHook respx ];

  disabledTests = [ "test_fetch_live" ];

  pythonImportsCheck = [ "feedsnap" ];

  meta = with lib; {
    description = "Snapshot RSS and Atom feeds into a local archive";
    homepage = "https://feedsnap.example.org";
    license = licenses.gpl3Plus;
  };
}
