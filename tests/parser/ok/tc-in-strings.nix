let
  pkgs = { hello = "hello"; };
in
{
  inString = "${({ a, }: a) { a = "x"; }}";
  inIndented = ''
    ${({ a, b, }: a + b) { a = "y"; b = "z"; }}
    not formals: { a, }: stays text
  '';
  commaInString = "{ a, }: this is just text";
  inAttrName = { ${({ n, }: n) { n = "dyn"; }} = 1; };
  afterEscapedDollar = ''''${ "not interpolated" }'' + ({ q, }: q) { q = "!"; };
  nested = "${"${({ a, }: a) { a = pkgs.hello; }}"}";
}
