#include <doctest/doctest.h>

#include "parser/normalize.h"
#include "parser/syntax_tree.h"

using namespace fw;

TEST_CASE("trailing commas of formals are found") {
  CHECK(findTrailingFormalCommas("{ a, b, }: a") == std::vector<ByteOffset>{6});
  CHECK(findTrailingFormalCommas("{ a, }@args: a") == std::vector<ByteOffset>{3});
  CHECK(findTrailingFormalCommas("args@{ a, }: a") == std::vector<ByteOffset>{8});
  CHECK(findTrailingFormalCommas("{\n  a,\n  b, # last\n  /* x */\n}:\nb") == std::vector<ByteOffset>{10});
  CHECK(findTrailingFormalCommas("{ a ? { }, }: a") == std::vector<ByteOffset>{9});
}

TEST_CASE("a comma after '{', ',' or '...' is an error in Nix and stays one") {
  CHECK(findTrailingFormalCommas("{ a, ..., }: a").empty());
  CHECK(findTrailingFormalCommas("{ ..., }: 1").empty());
  CHECK(findTrailingFormalCommas("{ , }: 1").empty());
  CHECK(findTrailingFormalCommas("{ a,, }: 1").size() == 0);
  CHECK(findTrailingFormalCommas("{ a /* c */ , }: 1") == std::vector<ByteOffset>{12});
}

TEST_CASE("lone carriage returns are normalised to line feeds") {
  const std::string text = "[ # comment\r1 ]\r\n";
  CHECK(findNormalisations(text) == std::vector<ByteOffset>{11});
  CHECK(applyNormalisation(text, findNormalisations(text)) == "[ # comment\n1 ]\r\n");
  auto t = SyntaxTree::parse(text);
  CHECK_FALSE(t->root().hasError());
  CHECK(t->text() == text);
}

TEST_CASE("commas in strings, comments, URIs and other places are left alone") {
  CHECK(findTrailingFormalCommas("\"{ a, }:\"").empty());
  CHECK(findTrailingFormalCommas("''{ a, }: ${x} ''").empty());
  CHECK(findTrailingFormalCommas("# { a, }:\n1").empty());
  CHECK(findTrailingFormalCommas("/* { a, }: */ 1").empty());
  CHECK(findTrailingFormalCommas("[ 1, ]").empty());            // a list: stays an error
  CHECK(findTrailingFormalCommas("{ a, }").empty());            // not followed by ':'
  CHECK(findTrailingFormalCommas("x:a,}:").empty());            // inside a URI
  CHECK(findTrailingFormalCommas("foo'',}:").size() == 1);      // `foo''` is an identifier
  // Interpolations nest: the formals inside are code again.
  CHECK(findTrailingFormalCommas("\"${ ({ a, }: a) 1 }\"") == std::vector<ByteOffset>{8});
  CHECK(findTrailingFormalCommas("''${ ({ a, }: a) 1 }''") == std::vector<ByteOffset>{9});
  // Escapes do not end strings early.
  CHECK(findTrailingFormalCommas("\"\\\"{ a, }:\"").empty());
  CHECK(findTrailingFormalCommas("'''' '''{ a, }: ''").empty());
}

TEST_CASE("normalised files parse without errors and keep exact ranges") {
  const std::string text = "{\n  lib,\n  stdenv, # the builder\n}:\nstdenv.mkDerivation { }";
  auto t = SyntaxTree::parse(text);
  CHECK(t->text() == text);  // the user's text, unaltered
  CHECK_FALSE(t->root().hasError());
  const Node fn = t->root().namedChild(0);
  REQUIRE(fn.is(syms().function_expression));
  const Node formals = fn.field(fields().formals);
  CHECK(formals.text(text) == "{\n  lib,\n  stdenv, # the builder\n}");
  CHECK(applyNormalisation(text, t->normalised()).size() == text.size());
}
