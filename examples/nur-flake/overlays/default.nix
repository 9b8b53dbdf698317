# The overlay behind `overlays.default`: adds the `nur` package set to
# nixpkgs, built with this overlay's final package set so that other
# overlays can replace openssl, go or the Rust toolchain underneath.
{ crane }:
final: prev:
let
  rustToolchain = final.rust-bin.stable."1.79.0".minimal;
  craneLib = (crane.mkLib final).overrideToolchain (_: rustToolchain);
in
{
  nur =
    (prev.nur or { })
    // import ../pkgs {
      pkgs = final;
      inherit craneLib;
    };
}
