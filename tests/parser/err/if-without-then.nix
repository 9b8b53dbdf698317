{ stdenv }:
{
  arch = if stdenv.isAarch64 "arm64" else "amd64";
}
