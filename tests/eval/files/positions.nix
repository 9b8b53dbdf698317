{
  first = 1;
  second = {
    nested = true;
  };
}
