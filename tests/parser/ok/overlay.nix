final: prev:
let
  inherit (prev) lib;
  pythonOverrides = pyFinal: pyPrev: {
    requests = pyPrev.requests.overridePythonAttrs (old: {
      doCheck = false;
      patches = (old.patches or [ ]) ++ [ ./patches/requests-timeout.patch ];
    });
  };
in
{
  hello-patched = prev.hello.overrideAttrs (finalAttrs: previousAttrs: {
    pname = previousAttrs.pname + "-patched";
    patches = (previousAttrs.patches or [ ]) ++ [ ./patches/hello.patch ];
    postInstall = (previousAttrs.postInstall or "") + ''
      ln -s $out/bin/hello $out/bin/hi
    '';
  });

  curl-minimal-http3 = prev.curlMinimal.override { http3Support = true; };

  python3 = prev.python3.override {
    packageOverrides = lib.composeExtensions (prev.python3.packageOverrides or (_: _: { })) pythonOverrides;
  };
  python3Packages = final.python3.pkgs;

  myScripts = final.callPackage ./pkgs/my-scripts { };

  linuxPackages_custom = prev.linuxPackages_latest.extend (kFinal: kPrev: {
    v4l2loopback = kPrev.v4l2loopback.overrideAttrs { version = "0.13.2"; };
  });

  lib = prev.lib.extend (libFinal: libPrev: {
    my.enableIf = cond: libFinal.mkIf cond true;
  });
}
