{ pkgs }:
{
  script = ''
    first line
    ${pkgs.hello}/bin/hello
    last line
  '';
  text = "one
two
three";  after = notDefined;
}
