#- /pkgs.nix
{ prefix }:
let p = prefix; in
{
  tool$0 = "${p}-tool";
  alt = "${p}-alt";
}
#- /main.nix
let
  s = import ./pkgs.nix { prefix = "a"; };
  t = s;
in
[ s.tool t.alt (import ./pkgs.nix { prefix = "b"; }).tool (t.helper or "none") ]
