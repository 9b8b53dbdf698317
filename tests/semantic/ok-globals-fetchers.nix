{
  tarball = fetchTarball "https://example.org/src.tar.gz";
  repo = fetchGit { url = "https://example.org/repo.git"; };
  hg = fetchMercurial;
  tree = fetchTree;
  file = __fetchurl "https://example.org/file";
}
