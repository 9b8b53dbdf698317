{ lib
, stdenv
, fetchurl
, autoreconfHook
, pkg-config
, zlib
, openssl
, withSsl ? true
, enableStatic ? stdenv.hostPlatform.isStatic
}:

assert withSsl -> openssl != null;

stdenv.mkDerivation rec {
  pname = "tinyhttpd";
  version = "2.3.1";

  src = fetchurl {
    url = "https://downloads.example.org/${pname}/${pname}-${version}.tar.gz";
    sha256 = "0p6h5cb4h8yh2mqv7mz6zh3wsj1i3q36rpz2fbyqx4y9v7kkcc7r";
  };

  outputs = [ "out" "dev" "man" ];

  nativeBuildInputs = [ autoreconfHook pkg-config ];
  buildInputs = [ zlib ] ++ lib.optional withSsl openssl;

  configureFlags = [
    (lib.enableFeature withSsl "ssl")
    (lib.enableFeature enableStatic "static")
    "--with-docroot=${placeholder "out"}/share/www"
  ];

  postPatch = ''
    substituteInPlace Makefile.am \
      --replace-fail '-Werror' "" \
      --replace-fail '$(prefix)/etc' '$(sysconfdir)'
    # The test suite wants a network.
    rm tests/test-remote.sh
  '';

  makeFlags = [ "PREFIX=$(out)" "CC=${stdenv.cc.targetPrefix}cc" ];

  enableParallelBuilding = true;
  doCheck = stdenv.buildPlatform == stdenv.hostPlatform;

  installPhase = ''
    runHook preInstall
    install -Dm755 tinyhttpd $out/bin/tinyhttpd
    install -Dm644 tinyhttpd.h $dev/include/tinyhttpd.h
    install -Dm644 tinyhttpd.8 $man/share/man/man8/tinyhttpd.8
    for f in docs/*.html; do
      install -Dm644 "$f" "$out/share/doc/${pname}/$(basename "$f")"
    done
    runHook postInstall
  '';

  meta = with lib; {
    description = "Tiny HTTP server for static files";
    homepage = "https://tinyhttpd.example.org/";
    license = licenses.bsd2;
    platforms = platforms.unix;
    maintainers = [ ];
  };
}
