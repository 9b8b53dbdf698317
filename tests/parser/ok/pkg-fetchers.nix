{ fetchurl, fetchzip, fetchgit, fetchpatch, fetchFromGitLab, fetchsvn }:

{
  tarball = fetchurl {
    url = "mirror://gnu/hello/hello-2.12.1.tar.gz";
    sha256 = "086vqwk2wl8zfs47sq2xpjc9k066ilmb8z6dn0q6ymwjzlm196cd";
  };

  # Old code still spells URLs without quotes.
  legacy = fetchurl {
    url = http://ftp.example.org/pub/legacy-1.0.tar.bz2;
    md5 = "d41d8cd98f00b204e9800998ecf8427e";
  };

  zipped = fetchzip {
    url = "https://example.org/releases/data-2024.01.zip";
    hash = "sha256-n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";
    stripRoot = false;
  };

  repo = fetchgit {
    url = "https://git.example.org/tools/repo.git";
    rev = "9f7c3b1d2e4a5f60718293a4b5c6d7e8f9012345";
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    fetchSubmodules = true;
    leaveDotGit = false;
  };

  fix-build = fetchpatch {
    name = "fix-build-with-gcc13.patch";
    url = "https://git.example.org/tools/repo/-/commit/4be2d5e6.patch";
    excludes = [ "ChangeLog" ];
    hash = "sha256-2ZmNl5Rz0zGmF8p6h6Nh/2sH8xq1P3oKq2z1o5yH9Lg=";
  };

  gitlab = fetchFromGitLab {
    domain = "gitlab.freedesktop.org";
    owner = "xorg";
    repo = "xkbcomp";
    rev = "xkbcomp-1.4.7";
    hash = "sha256-sF6f8Ykw1u7XDsS6zD7yQj7d3yFW7QZC3Z6t3b7W2ns=";
  };

  svn = fetchsvn {
    url = "svn://svn.example.org/project/trunk";
    rev = "1842";
    sha256 = "1rc2v7qr8d4w5ncxy0y7i6yfs3fv3vn7a2b4pw2jvdpqjyxw6m5z";
  };
}
