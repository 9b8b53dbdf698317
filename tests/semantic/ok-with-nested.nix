{ pkgs, lib }:
with pkgs;
with lib;
{
  tools = [ git curl ];
  flag = optionalString true "--verbose";
  deep = with python3Packages; [ requests numpy ];
}
