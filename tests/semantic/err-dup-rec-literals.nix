{
  a = rec { b = 1; x = b; };
  a = rec { b = 2; };
}
