// Fixture tests of the formatter's layouts (docs/FORMATTING.md describes
// them), and of range formatting, on-type formatting and edit diffs.
// Each fixture is also checked to be a fixed point: formatting the
// expected text gives it back.

#include <doctest/doctest.h>

#include <string>

#include "formatter/format.h"

using namespace fw;

namespace {

std::string format(const std::string& text, FormatOptions options = {}) {
  const FormatResult r = formatDocument(*SyntaxTree::parse(text), options);
  REQUIRE_MESSAGE(!r.error, *r.error);
  return r.text;
}

void check(const std::string& input, const std::string& expected, FormatOptions options = {}) {
  CHECK(format(input, options) == expected);
  CHECK(format(expected, options) == expected);
}

}  // namespace

TEST_CASE("layout: attrset flat single") {
  check(R"nix({ a = 1; }
)nix",
        R"nix({ a = 1; }
)nix");
}

TEST_CASE("layout: attrset two") {
  check(R"nix({ a = 1; b = "x"; }
)nix",
        R"nix({
  a = 1;
  b = "x";
}
)nix");
}

TEST_CASE("layout: nested sets forced") {
  check(R"nix({ foo = { bar = 1; }; baz = { inherit x; }; empty = { }; }
)nix",
        R"nix({
  foo = {
    bar = 1;
  };
  baz = { inherit x; };
  empty = { };
}
)nix");
}

TEST_CASE("layout: rec let attrset") {
  check(R"nix(rec { a = 1; b = a; }
)nix",
        R"nix(rec {
  a = 1;
  b = a;
}
)nix");
}

TEST_CASE("layout: lists") {
  check(R"nix({ one = [ 1 ]; two = [ 1 2 ]; empty = [ ]; nested = [ [ 1 ] [ 2 3 ] ]; }
)nix",
        R"nix({
  one = [ 1 ];
  two = [
    1
    2
  ];
  empty = [ ];
  nested = [
    [ 1 ]
    [
      2
      3
    ]
  ];
}
)nix");
}

TEST_CASE("layout: application fits") {
  check(R"nix(f a b c
)nix",
        R"nix(f a b c
)nix");
}

TEST_CASE("layout: application absorb last") {
  check(R"nix({ drv = stdenv.mkDerivation { pname = "hello"; version = "2.12"; src = fetchurl { url = "mirror://gnu/hello/hello-2.12.tar.gz"; hash = "sha256-AAAA"; }; }; }
)nix",
        R"nix({
  drv = stdenv.mkDerivation {
    pname = "hello";
    version = "2.12";
    src = fetchurl {
      url = "mirror://gnu/hello/hello-2.12.tar.gz";
      hash = "sha256-AAAA";
    };
  };
}
)nix");
}

TEST_CASE("layout: application too long") {
  check(R"nix({ result = someFunction argumentNumberOne argumentNumberTwo argumentNumberThree argumentNumberFour argumentNumberFive; }
)nix",
        R"nix({
  result =
    someFunction argumentNumberOne argumentNumberTwo argumentNumberThree argumentNumberFour
      argumentNumberFive;
}
)nix");
}

TEST_CASE("layout: application paren lambda") {
  check(R"nix(stdenv.mkDerivation (finalAttrs: { pname = "x"; version = "1"; src = finalAttrs.pname; })
)nix",
        R"nix(stdenv.mkDerivation (finalAttrs: {
  pname = "x";
  version = "1";
  src = finalAttrs.pname;
})
)nix");
}

TEST_CASE("layout: application middle paren") {
  check(R"nix(lib.mapAttrsToList (name: value: if value == null then "a very long string for ${name}" else "another long string ${value}") attrs
)nix",
        R"nix(lib.mapAttrsToList (
  name: value:
  if value == null then "a very long string for ${name}" else "another long string ${value}"
) attrs
)nix");
}

TEST_CASE("layout: lambda formals few") {
  check(R"nix({ pkgs, ... }: pkgs.hello
)nix",
        R"nix({ pkgs, ... }: pkgs.hello
)nix");
}

TEST_CASE("layout: lambda formals many") {
  check(R"nix({ lib, stdenv, fetchurl, withFoo ? false, ... }@args: stdenv.mkDerivation { pname = "x"; }
)nix",
        R"nix({
  lib,
  stdenv,
  fetchurl,
  withFoo ? false,
  ...
}@args:
stdenv.mkDerivation { pname = "x"; }
)nix");
}

TEST_CASE("layout: lambda formals leading comma") {
  check(R"nix({ lib
, stdenv # the compiler
, fetchurl
}:
null
)nix",
        R"nix({
  lib,
  stdenv, # the compiler
  fetchurl,
}:
null
)nix");
}

TEST_CASE("layout: lambda curried") {
  check(R"nix({ f = a: b: a + b; g = name: value: { inherit name value; }; h = aaaa: bbbb: cccc: dddd: null; }
)nix",
        R"nix({
  f = a: b: a + b;
  g = name: value: { inherit name value; };
  h =
    aaaa: bbbb: cccc: dddd:
    null;
}
)nix");
}

TEST_CASE("layout: let in") {
  check(R"nix(let a = 1; b = a + 1; in a + b
)nix",
        R"nix(let
  a = 1;
  b = a + 1;
in
a + b
)nix");
}

TEST_CASE("layout: if then else") {
  check(R"nix({ short = if a then b else c; long = if someCondition && someOtherCondition then someLongValueExpression else someOtherValueExpression; chain = if a then 1 else if b then 2 else 3; }
)nix",
        R"nix({
  short = if a then b else c;
  long =
    if someCondition && someOtherCondition then
      someLongValueExpression
    else
      someOtherValueExpression;
  chain =
    if a then
      1
    else if b then
      2
    else
      3;
}
)nix");
}

TEST_CASE("layout: with") {
  check(R"nix({ meta = with lib; { license = licenses.mit; maintainers = [ maintainers.a maintainers.b ]; }; pkgs = with pkgs; [ hello cowsay ]; body = with lib; with builtins; foo; }
)nix",
        R"nix({
  meta = with lib; {
    license = licenses.mit;
    maintainers = [
      maintainers.a
      maintainers.b
    ];
  };
  pkgs = with pkgs; [
    hello
    cowsay
  ];
  body = with lib; with builtins; foo;
}
)nix");
}

TEST_CASE("layout: assert") {
  check(R"nix(assert x != null; assert y; { inherit x y; }
)nix",
        R"nix(assert x != null;
assert y;
{ inherit x y; }
)nix");
}

TEST_CASE("layout: operators") {
  check(R"nix({ sum = a + b * c; cond = aaaaaaaaaaaaaaaaaaaaaaaaa && bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb || cccccccccccccccccccccccccccccc && dddddddddddddddddddddd; cmp = a == b; neg = -x; not = !y; has = a ? b.c; sel = a.b.c or d; }
)nix",
        R"nix({
  sum = a + b * c;
  cond =
    aaaaaaaaaaaaaaaaaaaaaaaaa && bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
    || cccccccccccccccccccccccccccccc && dddddddddddddddddddddd;
  cmp = a == b;
  neg = -x;
  not = !y;
  has = a ? b.c;
  sel = a.b.c or d;
}
)nix");
}

TEST_CASE("layout: update chain") {
  check(R"nix({ attrs = defaults // { extra = true; }; merged = { a = 1; } // base; many = aaaaaaaaaaaaaaaaaaaaaa // bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb // cccccccccccccccccccccccccccccccc // ddddddddd; }
)nix",
        R"nix({
  attrs = defaults // { extra = true; };
  merged = { a = 1; } // base;
  many =
    aaaaaaaaaaaaaaaaaaaaaa
    // bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
    // cccccccccccccccccccccccccccccccc
    // ddddddddd;
}
)nix");
}

TEST_CASE("layout: concat") {
  check(R"nix({ buildInputs = [ openssl zlib ] ++ lib.optionals stdenv.isDarwin [ darwin.Security ]; }
)nix",
        R"nix({
  buildInputs =
    [
      openssl
      zlib
    ]
    ++ lib.optionals stdenv.isDarwin [ darwin.Security ];
}
)nix");
}

TEST_CASE("layout: inherit") {
  check(R"nix({ inherit a b c; inherit (lib) mkIf mkOption types mdDoc; inherit (pkgs) hello; inherit
  x; }
)nix",
        R"nix({
  inherit a b c;
  inherit (lib)
    mkIf
    mkOption
    types
    mdDoc
    ;
  inherit (pkgs) hello;
  inherit
    x
    ;
}
)nix");
}

TEST_CASE("layout: comments") {
  check(R"nix(# header

{
  # leading
  a = 1; # trailing
  /* block */ b = 2;


  c = [ # after bracket
    1
  ];
  # last
}
)nix",
        R"nix(# header

{
  # leading
  a = 1; # trailing
  /* block */ b = 2;

  c = [ # after bracket
    1
  ];
  # last
}
)nix");
}

TEST_CASE("layout: blank lines") {
  check(R"nix({
  a = 1;



  b = 2;
  c = 3;

}
)nix",
        R"nix({
  a = 1;

  b = 2;
  c = 3;
}
)nix");
}

TEST_CASE("layout: strings untouched") {
  check(R"nix({ s = "  spaces\t inside  "; i = ''
      keep
    this   
  ''; p = ./a/b.nix; u = https://example.org/x; }
)nix",
        R"nix({
  s = "  spaces\t inside  ";
  i = ''
      keep
    this   
  '';
  p = ./a/b.nix;
  u = https://example.org/x;
}
)nix");
}

TEST_CASE("layout: off region") {
  check(R"nix({
  a   =   1;
  # flakewise: off
  matrix = [ 1 0 0
             0 1 0
             0 0 1 ];
  # flakewise: on
  b   =   2;
}
)nix",
        R"nix({
  a = 1;
  # flakewise: off
  matrix = [ 1 0 0
             0 1 0
             0 0 1 ];
  # flakewise: on
  b = 2;
}
)nix");
}

TEST_CASE("layout: paren") {
  check(R"nix({ x = (a b); y = (if a then b else c); z = ({ a = 1; }); }
)nix",
        R"nix({
  x = (a b);
  y = (if a then b else c);
  z = ({ a = 1; });
}
)nix");
}

TEST_CASE("options: indent width and line width") {
  check("{ a = { b = 1; }; }", "{\n    a = {\n        b = 1;\n    };\n}\n", FormatOptions{4, 100});
  check("f aaaa bbbb cccc dddd", "f aaaa bbbb cccc\n  dddd\n", FormatOptions{2, 20});
}

TEST_CASE("a file with syntax errors is refused with a clear message") {
  const FormatResult r = formatDocument(*SyntaxTree::parse("{\n  a = 1\n  b = 2;\n}\n"));
  REQUIRE(r.error);
  CHECK(r.error->find("syntax errors") != std::string::npos);
  CHECK(r.error->find("line 2") != std::string::npos);
  CHECK(r.text.empty());
}

TEST_CASE("nesting beyond the limit is refused, not a stack overflow") {
  const std::string deep = std::string(4000, '[') + std::string(4000, ']');
  const FormatResult r = formatDocument(*SyntaxTree::parse(deep));
  REQUIRE(r.error);
  CHECK(r.error->find("nests more than") != std::string::npos);
  // Long flat chains are loops, not nesting.
  std::string chain = "x";
  for (int i = 0; i < 20000; ++i) chain += " + x";
  CHECK(!formatDocument(*SyntaxTree::parse(chain)).error);
}

TEST_CASE("CR LF line endings are kept") {
  CHECK(format("{ a = 1;\r\n  b = 2; }\r\n") == "{\r\n  a = 1;\r\n  b = 2;\r\n}\r\n");
}

TEST_CASE("a NUL byte is refused") {
  const FormatResult r = formatDocument(*SyntaxTree::parse(std::string("{ }\0 junk", 9)));
  REQUIRE(r.error);
  CHECK(r.error->find("NUL") != std::string::npos);
}

TEST_CASE("flakewise: off inside a binding keeps that whole binding") {
  check("{\n  a   =   1;\n  m = [ 1 0\n        0 1 ]; # flakewise: off\n  b   =   2;\n}\n",
        "{\n  a = 1;\n  m = [ 1 0\n        0 1 ]; # flakewise: off\n  b = 2;\n}\n");
  check("# flakewise: off\n{ a   =   1; }\n", "# flakewise: off\n{ a   =   1; }\n");
}

TEST_CASE("comments stay with their binding") {
  check("{ a = 1; # about a\n b = 2; }", "{\n  a = 1; # about a\n  b = 2;\n}\n");
  check("{\n  a = # why\n    { x = 1; };\n}", "{\n  a = # why\n    {\n      x = 1;\n    };\n}\n");
}

// ---------------------------------------------------------------- ranges

namespace {

std::string applyRange(const std::string& text, ByteRange range) {
  const RangeFormatResult r = formatRange(*SyntaxTree::parse(text), range);
  return applyEdits(text, r.edits);
}

}  // namespace

TEST_CASE("range formatting changes only the bindings in the range") {
  const std::string text = "{\n  a   =   1;\n  b   =   {  c =  2;  };\n  d   =   3;\n}\n";
  const auto at = static_cast<ByteOffset>(text.find("b   ="));
  const std::string out = applyRange(text, {at, at + 3});
  CHECK(out == "{\n  a   =   1;\n  b = {\n    c = 2;\n  };\n  d   =   3;\n}\n");
  // Two bindings selected.
  const auto from = static_cast<ByteOffset>(text.find("a   ="));
  const auto to = static_cast<ByteOffset>(text.find("d   =") - 2);
  CHECK(applyRange(text, {from, to}) == "{\n  a = 1;\n  b = {\n    c = 2;\n  };\n  d   =   3;\n}\n");
}

TEST_CASE("range formatting: bytes outside the changed unit are identical") {
  const std::string text =
      "let\n    x   =   [ 1 2 ];   # keep me\n    y   =   f   a   b;\nin\n  x  ++  y\n";
  const auto at = static_cast<ByteOffset>(text.find("f   a"));
  const RangeFormatResult r = formatRange(*SyntaxTree::parse(text), {at, at + 1});
  REQUIRE(!r.edits.empty());
  const std::string out = applyEdits(text, r.edits);
  CHECK(out == "let\n    x   =   [ 1 2 ];   # keep me\n    y = f a b;\nin\n  x  ++  y\n");
  const auto unitStart = text.find("y   =");
  const auto unitEnd = text.find(";\nin") + 1;
  CHECK(out.substr(0, unitStart) == text.substr(0, unitStart));
  CHECK(out.substr(out.find(";\nin") + 1) == text.substr(unitEnd));
  for (const TextEdit& e : r.edits) {
    CHECK(e.range.start >= unitStart);
    CHECK(e.range.end <= unitEnd);
  }
}

TEST_CASE("range formatting works in a file with errors elsewhere") {
  const std::string text = "{\n  a   =   1;\n  b = \n}\n";
  const RangeFormatResult r = formatRange(*SyntaxTree::parse(text), {4, 5});
  CHECK(applyEdits(text, r.edits) == "{\n  a = 1;\n  b = \n}\n");
  const RangeFormatResult bad = formatRange(*SyntaxTree::parse(text), {16, 17});
  CHECK(bad.edits.empty());
  CHECK(bad.error);
}

TEST_CASE("on-type formatting after semicolon and '}'") {
  const std::string text = "{\n  a = 1;\n  b   =   {x=1;};\n  c =\n}\n";
  const auto semi = static_cast<ByteOffset>(text.find("};") + 2);
  const RangeFormatResult r = formatOnType(*SyntaxTree::parse(text), semi, ';');
  CHECK(applyEdits(text, r.edits) == "{\n  a = 1;\n  b = {\n    x = 1;\n  };\n  c =\n}\n");
  const auto brace = static_cast<ByteOffset>(text.find("1;}") + 3);
  const RangeFormatResult r2 = formatOnType(*SyntaxTree::parse(text), brace, '}');
  CHECK(applyEdits(text, r2.edits) == "{\n  a = 1;\n  b = {\n    x = 1;\n  };\n  c =\n}\n");
  // Not the character typed: nothing.
  CHECK(formatOnType(*SyntaxTree::parse(text), semi, '}').edits.empty());
  // A ';' typed inside a string or a comment: nothing.
  const std::string str = "{\n  a   =   \"x;\";\n}\n";
  CHECK(formatOnType(*SyntaxTree::parse(str), static_cast<ByteOffset>(str.find("x;") + 2), ';').edits.empty());
  const std::string com = "{\n  a   =   1; # x;\n}\n";
  CHECK(formatOnType(*SyntaxTree::parse(com), static_cast<ByteOffset>(com.find("x;") + 2), ';').edits.empty());
}

// ---------------------------------------------------------------- diffs

TEST_CASE("diffEdits: minimal edits, applied give the new text") {
  const std::string a = "{ a   =   1;\n    b = [ 1 2 ];\n}\n";
  const std::string b = "{\n  a = 1;\n  b = [\n    1\n    2\n  ];\n}\n";
  const std::vector<TextEdit> edits = diffEdits(a, b);
  CHECK(applyEdits(a, edits) == b);
  for (const TextEdit& e : edits) {
    // Only whitespace changes here: no edit touches a word.
    for (char c : a.substr(e.range.start, e.range.length())) CHECK((c == ' ' || c == '\n'));
    for (char c : e.text) CHECK((c == ' ' || c == '\n'));
  }
  // An inserted comma is an insertion.
  const std::vector<TextEdit> comma = diffEdits("{\n  a,\n  b\n}:", "{\n  a,\n  b,\n}:");
  REQUIRE(comma.size() == 1);
  CHECK(comma[0].text == ",");
  CHECK(comma[0].range.length() == 0);
  CHECK(diffEdits("same", "same").empty());
}

TEST_CASE("unifiedDiff: hunks with context") {
  const std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  CHECK(unifiedDiff(a, b, "a/f.nix", "b/f.nix") ==
        "--- a/f.nix\n+++ b/f.nix\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  CHECK(unifiedDiff(a, a, "x", "y").empty());
  CHECK(unifiedDiff("a", "b", "x", "y") ==
        "--- x\n+++ y\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n");
}

TEST_CASE("layout: comments in every position stay between the same tokens") {
  check(R"nix(# file header
/* block header */
{ a # after a
, b ? 1 /* after default */
# before c
, c
}: # after colon
assert a; # after assert
with b; # after with
let # after let
  x = 1; # after x
  # before y
  y = # after eq
    2;
  # end of let
in # after in
if # after if
  x then # after then
  [ # after bracket
    1 # after element
    # before 2
    2
    # before closing bracket
  ]
else # after else
  f # after f
    x # after arg
    ( # after paren
      y + # after plus
      z
    )
)nix",
        R"nix(# file header
/* block header */
{
  a, # after a
  b ? 1, /* after default */
  # before c
  c,
}: # after colon
assert a; # after assert
with b; # after with
let # after let
  x = 1; # after x
  # before y
  y = # after eq
    2;
  # end of let
in # after in
if # after if
  x
then # after then
  [ # after bracket
    1 # after element
    # before 2
    2
    # before closing bracket
  ]
else # after else
  f # after f
    x # after arg
    ( # after paren
      y
      + # after plus
      z
    )
)nix");
}
