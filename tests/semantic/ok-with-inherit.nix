# Names of `inherit` resolve through `with` too.
src: with src; {
  inherit alpha;
  nested = let inherit beta; in beta;
  r = rec { inherit gamma; };
}
