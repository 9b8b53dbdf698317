rec {
  a = 1;
  inner = rec {
    inherit a;
    b = a + 1;
  };
}
