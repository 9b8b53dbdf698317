final: prev: {
  mytool = final.callPackage ./mytool { };
  python3 = prev.python3.override {
    packageOverrides = pyFinal: pyPrev: {
      requests = pyPrev.requests.overridePythonAttrs (_: { doCheck = false; });
    };
  };
  nginx = prev.nginx.override { withPerl = false; };
}
