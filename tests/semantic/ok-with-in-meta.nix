{ lib, stdenv }:
stdenv.mkDerivation {
  pname = "demo";
  version = "1";
  meta = with lib; {
    license = licenses.mit;
    maintainers = with maintainers; [ ];
    platforms = platforms.unix;
  };
}
