{ lib
, stdenv
, fetchFromGitHub
, cmake
, pkg-config
, openssl
, zlib
}:

stdenv.mkDerivation rec {
  pname = "netprobe";
  version = "1.4.2";

  src = fetchFromGitHub {
    owner = "example";
    repo = pname;
    rev = "v${version}";
    sha256 = "0000000000000000000000000000000000000000000000000000";
  };

  nativeBuildInputs = [ cmake pkg-config ];
  buildInputs = [ openssl zlib ];

  cmakeFlags = [ "-DENABLE_TESTS=OFF" ];

  meta = with lib; {
    description = "Probe the network";
    homepage = "https://example.org/${pname}";
    license = licenses.bsd3;
    platforms = platforms.linux;
  };
}
