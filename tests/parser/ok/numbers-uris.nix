{
  integers = [ 0 1 42 007 9223372036854775807 ];
  negative = [ (-1) (-9223372036854775807) ];
  floats = [ 1.0 0.5 .5 3.14159 1.5e3 2.5E-2 6.02e+23 1. 0.0 ];
  uris = [
    https://nixos.org/download.html
    http://example.org:8080/path?query=1&other=2
    ftp://ftp.example.org/pub/file.tar.gz
    mirror://sourceforge/project/file.zip
    github:NixOS/nixpkgs/nixos-24.05
    git+ssh://git@github.com/owner/repo.git?ref=main
    urn:isbn:0451450523
    mailto:someone@example.org
  ];
  mixed = [ 1 2.0 "three" ./four https://five.example ];
}
