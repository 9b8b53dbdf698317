# Written on Windows: every line ends with CR LF.
{ lib, ... }:
rec {
  a = 1; # comment before CR LF
  b = "text";
  c = ''
    indented string
    spanning lines
  '';
  d = /* block
    comment */ [ 1 2 ];
  e = lib.id a;
}
