{
  a = rec { b = 1; d = b; };
  a.c = 2;
}
