{
  static = 1;
  ${dynamicKey} = 2;
}
