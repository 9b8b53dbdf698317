{ lib, enableX11 ? true, libX11 ? null }:
assert enableX11 -> libX11 != null
{
  buildInputs = lib.optional enableX11 libX11;
}
