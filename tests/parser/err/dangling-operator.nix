{ pkgs, lib, withDocs ? false }:
{
  buildInputs = [ pkgs.zlib pkgs.openssl ] ++
    lib.optional withDocs pkgs.doxygen ++;
  doCheck = true;
}
