{ lib, stdenv, fetchurl }:

stdenv.mkDerivation (finalAttrs: {
  pname = "archiver";
  version = "3.0";

  src = fetchurl {
    url = "https://example.org/archiver-${finalAttrs.version}.tar.xz";
    hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  };

  postInstall = ''
    mkdir -p $out/share/doc
    cp README $out/share/doc/${finalAttrs.pname}
  '';

  meta.description = "Pack files";
  meta.license = lib.licenses.gpl3Plus;
})
