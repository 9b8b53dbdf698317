{
  settings = {
    "say \"hi\"" = true;
    "tab\there" = 1;
    "say \"hi\"" = false;
  };
}
