# <nixpkgs> is sugar for __findFile __nixPath "nixpkgs".
{
  pkgs = import <nixpkgs> { };
  explicit = __findFile __nixPath "nixpkgs";
}
