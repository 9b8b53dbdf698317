{
  "plain" = 1;
  "with-dash" = 2;
  "with space" = 3;
  "" = 4;
  "1starts-with-digit" = 5;
}
