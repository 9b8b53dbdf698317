{
  positive = filter (n: n > 0) [ (-1) 2 3 ];
}
