{
  one = let secret = 1; in secret;
  two = let other = 2; in other + secret;
}
