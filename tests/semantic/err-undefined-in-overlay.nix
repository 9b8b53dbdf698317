final: prev: {
  tool = prev.tool.overrideAttrs (old: {
    buildInputs = old.buildInputs ++ [ final.zlib ];
    postPatch = ''
      substituteInPlace Makefile --replace gcc ${stdenv.cc}/bin/cc
    '';
  });
}
