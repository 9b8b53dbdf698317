let
  name = "world";
  n = 3;
in
{
  plain = "hello";
  empty = "";
  interpolated = "hello, ${name}!";
  nested = "outer ${"inner ${name} ${toString n}"} end";
  escapes = "tab:\t newline:\n cr:\r quote:\" backslash:\\ dollar:\${name}";
  otherEscape = "\a\b\z";
  dollars = "price: $5, $$ literal, $${name} not interpolated, ends with $";
  lone = "$";
  multiLine = "first line
second line";
  braceInside = "a } b { c";
  interpolationWithSet = "${toString { __toString = self: "custom"; }}";
  interpolationWithBraces = "${if n > 2 then "big" else "small"}";
  shellVar = "\${HOME}/bin";
  unicode = "naïve café ✓";
  hashNotComment = "# not a comment";
  slashStar = "/* not a comment */";
}
