rec {
  all = [ first second ];
  first = second + 1;
  second = 41;
}
