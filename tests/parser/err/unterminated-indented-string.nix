{ stdenv, fetchurl }:

stdenv.mkDerivation {
  name = "fixup-example";
  src = fetchurl {
    url = "https://example.org/src.tar.gz";
    sha256 = "1kpdpq9aldbsivxmfs2qf1v08j1y6m3gsh2nc4ahlgbr9k3q6k1h";
  };
  postInstall = ''
    mkdir -p $out/share/doc
    cp README $out/share/doc/
  ';
  dontStrip = true;
}
