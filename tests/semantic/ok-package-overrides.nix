{ pkgs }:
{
  patchedHello = pkgs.hello.overrideAttrs (old: {
    pname = old.pname + "-patched";
    patches = (old.patches or [ ]) ++ [ ./hello.patch ];
    doCheck = false;
  });
  noDocs = pkgs.git.override { withManual = false; };
}
