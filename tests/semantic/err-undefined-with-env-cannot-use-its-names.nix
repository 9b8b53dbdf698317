# The body may take lib from the with, the environment may not.
with import ./lib.nix { self = lib; }; lib
