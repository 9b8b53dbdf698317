# In a Nix string, a backslash before an ordinary character is dropped:
# "\a" is the name a.
{
  a = 1;
  "\a" = 2;
}
