{
  x = 0;
  a = { x = 1; };
  b = { x = 2; inner = { x = 3; }; };
  c = rec { x = 4; y = x; };
}
