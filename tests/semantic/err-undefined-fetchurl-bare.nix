# fetchurl is __fetchurl or builtins.fetchurl; it is not global.
fetchurl "https://example.org/x"
