{
  alpha = 1;
  beta = 2;
  alpha = 3;
}
