#include <doctest/doctest.h>

#include "parser/syntax_diagnostics.h"

using namespace fw;

namespace {
// "message@start-end" for each diagnostic.
std::vector<std::string> diags(const std::string& text) {
  std::vector<std::string> out;
  for (const Diagnostic& d : syntaxDiagnostics(*SyntaxTree::parse(text))) {
    out.push_back(d.message + "@" + std::to_string(d.range.start) + "-" + std::to_string(d.range.end));
  }
  return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("valid Nix has no syntax diagnostics") {
  CHECK(diags("{ a = 1; b = [ 1 2 ]; }").empty());
  CHECK(diags("x: { inherit; }").empty());  // empty inherit is valid Nix
  CHECK(diags("{ a, b, }: a + b").empty());
  CHECK(diags("let in 1").empty());
}

TEST_CASE("a missing semicolon is reported after the binding") {
  CHECK(diags("{ a = 1 b = 2; }") == V{"expected ';' after binding@7-7"});
  CHECK(diags("{\n  a = foo\n  b.c = 2;\n}") == V{"expected ';' after binding@11-11"});
  CHECK(diags("let a = 1 in a") == V{"expected ';' after binding@9-9"});
  CHECK(diags("{\n  d = \"x\";\n  url = \"github:a/b\"\n  outputs = { self }: { };\n}") ==
        V{"expected ';' after binding@33-33"});
}

TEST_CASE("unclosed brackets name their opener") {
  CHECK(diags("{ a = 1; ") == V{"expected '}' to close '{' on line 1@8-8"});
  CHECK(diags("[ (a b ]") == V{"expected ')' to close '(' on line 1@6-6"});
}

TEST_CASE("unexpected tokens, strings and comments") {
  CHECK(diags("f )") == V{"unexpected ')'@2-3"});
  CHECK(diags("\"abc") == V{"unterminated string@0-1"});
  CHECK(diags("''abc") == V{"unterminated string@0-2"});
  CHECK(diags("/* abc") == V{"unterminated comment@0-2"});
  CHECK(diags("{ a.b. = 1; }") == V{"expected an attribute name after '.'@6-6"});
  CHECK(diags("1 /* abc") == V{"unterminated comment@2-4"});
  CHECK(diags("\"\\") == V{"unterminated string@0-1"});
  CHECK(diags("{ inherit (x; }") == V{"expected ')' to close '(' on line 1@12-12"});
  CHECK(diags("{ a ? }: a") == V{"expected a default value after '?'@5-5"});
  CHECK(diags("{ ..., a }: a") == V{"unexpected ','@5-6"});
  CHECK(diags("{ a = 1; } in") == V{"unexpected 'in'@11-13"});
}

TEST_CASE("missing expressions say after what") {
  CHECK(diags("let x = 1; in") == V{"expected an expression after 'in'@13-13"});
  CHECK(diags("{ a = ; }") == V{"expected an expression after '='@5-5"});
  CHECK(diags("a +") == V{"expected an expression after '+'@3-3"});
  CHECK(diags("{ a = 1; b = }") == V{"expected an expression after '='@12-12"});
}

TEST_CASE("incomplete constructs point at their keyword") {
  CHECK(diags("if a then b") == V{"'if' without 'else' branch@0-2"});
  CHECK(diags("a: with a b") == V{"expected ';' after 'with' expression@3-7"});
}

TEST_CASE("checks Nix makes at parse time") {
  CHECK(diags("./a/") == V{"path has a trailing slash@0-4"});
  CHECK(diags("9223372036854775807").empty());
  CHECK(diags("9223372036854775808") ==
        V{"invalid integer '9223372036854775808': too large for 64 bits@0-19"});
}

TEST_CASE("invalid UTF-8 is a warning with its own code") {
  const auto d = syntaxDiagnostics(*SyntaxTree::parse("\"a\xff\""));
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == std::string(kInvalidUtf8));
  CHECK(d[0].severity == Severity::Warning);
  CHECK(d[0].range.start == 2);
}

TEST_CASE("what Nix rejects and the grammar accepts") {
  CHECK(diags("") == V{"expected an expression: the file is empty@0-0"});
  CHECK(diags("# only a comment\n") == V{"expected an expression: the file is empty@17-17"});
  CHECK(diags("\xEF\xBB\xBF{ }") ==
        V{"the file starts with a byte order mark (U+FEFF), which Nix does not accept@0-3"});
  CHECK(diags("1 < 2 < 3") == V{"comparison operators do not chain in Nix; add parentheses@6-7"});
  CHECK(diags("1 == 2 != 3") == V{"comparison operators do not chain in Nix; add parentheses@7-9"});
  CHECK(diags("1 < 2 == true").empty());  // different precedence levels
  CHECK(diags("(1 < 2) < 3").empty());
  CHECK(diags("x: x.in") ==
        V{"'in' is a keyword; write it as a string to use it as an attribute name: \"in\"@5-7"});
  CHECK(diags("{ if = 1; }") ==
        V{"'if' is a keyword; write it as a string to use it as an attribute name: \"if\"@2-4"});
  CHECK(diags("{ or = 1; }").empty());  // `or` is fine as a name
  CHECK(diags("x: x.or").empty());
  CHECK(diags("let or = 1; in or") == V{"'or' is a keyword and cannot be used as a variable here@15-17"});
  CHECK(diags("x: ./a//b") == V{"a path cannot contain an empty segment ('//')@6-8"});
  CHECK(diags("x: x // x").empty());
}

TEST_CASE("a NUL byte ends the input, as in Nix") {
  const auto d = syntaxDiagnostics(*SyntaxTree::parse(std::string("{ a = 1; }\0 junk (", 18)));
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == std::string(kNulByte));
  CHECK(d[0].severity == Severity::Warning);
  CHECK(d[0].range.start == 10);
}

TEST_CASE("a lone CR ends a comment, as in Nix") {
  CHECK(diags("[ # c\r1 ]").empty());
  CHECK(diags("{\r  a = 1; # x\r}\r").empty());
}
