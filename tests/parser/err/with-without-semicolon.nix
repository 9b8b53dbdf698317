{ pkgs }:
with pkgs
[
  git
  curl
]
