// Name resolution and the lints built on it, as readable snapshots:
// "line:col-line:col code: message" per diagnostic.

#include <doctest/doctest.h>

#include "analysis/features.h"
#include "analysis/semantic.h"
#include "tests/support/fixture.h"

using namespace fw;
using namespace fw::test;

namespace {

std::string lints(const std::string& text) {
  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  const auto a = analyzeFile(tree);
  std::string out;
  for (const Diagnostic& d : fileDiagnostics(*a)) {
    if (d.code == "syntax-error") continue;
    out += rangeText(*tree, d.range) + " " + d.code + ": " + d.message + "\n";
  }
  return out;
}

// Where the reference at $0 resolves: "def@line:col", "with", "global" or
// "undefined".
std::string resolve(const std::string& fixture) {
  const Fixture f = parseFixture(fixture);
  const SyntaxTreePtr tree = SyntaxTree::parse(f.only());
  const auto model = buildSemanticModel(*tree);
  const Reference* r = model->referenceAt(f.at(0));
  if (!r) return "no reference";
  switch (r->target) {
    case Reference::Target::Definition:
      return "def@" + lineCol(*tree, model->defs[r->index].nameRange.start);
    case Reference::Target::With: return "with";
    case Reference::Target::Global: return "global";
    case Reference::Target::Undefined: return "undefined";
  }
  return "?";
}

}  // namespace

TEST_CASE("lexical bindings win over with, whatever the nesting") {
  CHECK(resolve("let x = 1; in with { x = 2; }; x$0") == "def@1:5");
  CHECK(resolve("with { y = 2; }; y$0") == "with");
  CHECK(resolve("with { map = 2; }; map$0") == "global");
  CHECK(resolve("let map = 1; in map$0") == "def@1:5");
  CHECK(resolve("with y$0; z") == "undefined");  // the environment is outside
  CHECK(resolve("x: with x; with y$0; z") == "with");  // …but inside the outer with
}

TEST_CASE("let, rec and formals are recursive, inherit reads the outer scope") {
  CHECK(resolve("let a = b$0; b = 1; in a") == "def@1:12");
  CHECK(resolve("rec { a = b$0; b = 1; }") == "def@1:14");
  CHECK(resolve("{ a ? b$0, b }: a") == "def@1:10");
  CHECK(resolve("x: let y = 1; inherit x$0; in y") == "def@1:1");
}

TEST_CASE("inherit without a source refers to the enclosing scope") {
  // In a let, `inherit x;` is `x = x;` with the right side from outside.
  CHECK(resolve("x: let inherit x$0; in x") == "def@1:1");
  // In a plain attribute set it is an ordinary reference.
  CHECK(resolve("let x = 1; in { inherit x$0; }") == "def@1:5");
}

TEST_CASE("args@ patterns, nested attrpaths and string names define names") {
  CHECK(resolve("args@{ a, ... }: args$0") == "def@1:1");
  CHECK(resolve("{ a, ... }@args: args$0") == "def@1:12");
  CHECK(resolve("let a.b = 1; a.c = 2; in a$0") == "def@1:5");
  CHECK(resolve("rec { \"a\" = 1; b = a$0; }") == "def@1:7");
}

TEST_CASE("undefined variables are errors, globals are known") {
  CHECK(lints("x: y") == "1:1-1:2 unused-binding: unused function argument 'x'\n"
                         "1:4-1:5 undefined-variable: undefined variable 'y'\n");
  CHECK(lints("[ true false null map builtins __curPos toString import __add ]") == "");
}

TEST_CASE("unused bindings: let is a warning, arguments a hint, conventions exempt") {
  CHECK(lints("let a = 1; b = 2; in b") == "1:5-1:6 unused-binding: unused let binding 'a'\n");
  CHECK(lints("let _a = 1; in 2") == "");
  CHECK(lints("{ config, lib, pkgs, stdenv, ... }: 1") ==
        "1:22-1:28 unused-binding: unused function argument 'stdenv'\n");
  CHECK(lints("final: prev: { }") == "");
  CHECK(lints("x: 1") == "1:1-1:2 unused-binding: unused function argument 'x'\n");
  CHECK(lints("rec { a = 1; b = a; }") == "");  // attributes are the result
  CHECK(lints("let inherit ({ a = 1; }) a; in 2") == "1:26-1:27 unused-binding: unused let binding 'a'\n");
}

TEST_CASE("unused with and unused rec") {
  CHECK(lints("let a = 1; in with { }; a") == "1:15-1:24 unused-with: unused `with`: no name in its body can come from it\n");
  CHECK(lints("with { }; b") == "");
  CHECK(lints("{ lib }: { maintainers = with lib.maintainers; [ ]; }") == "");  // a placeholder
  CHECK(lints("x: let a = 1; in { a = with x; [ a ]; }") ==
        "1:24-1:31 unused-with: unused `with`: no name in its body can come from it\n");
  CHECK(lints("a: b: with a; with b; [ z ]") == "");  // either may provide z
  CHECK(lints("rec { a = 1; b = 2; }") ==
        "1:1-1:4 unused-rec: `rec` is unnecessary: no attribute refers to another\n");
}

TEST_CASE("duplicate attributes as Nix decides them") {
  CHECK(lints("{ a = 1; a = 2; }") ==
        "1:10-1:11 duplicate-attribute: attribute 'a' already defined on line 1\n");
  CHECK(lints("{ a.b = 1; a.c = 2; }") == "");
  CHECK(lints("{ a.b = 1; a.b = 2; }") ==
        "1:12-1:15 duplicate-attribute: attribute 'a.b' already defined on line 1\n");
  CHECK(lints("{ a = { b = 1; }; a.c = 2; }") == "");
  CHECK(lints("{ a = { b = 1; }; a = { c = 2; }; }") == "");
  CHECK(lints("{ a = rec { b = 1; d = b; }; a.c = 2; }") == "");
  CHECK(lints("{ a.b = 1; a = { c = 2; }; }") == "");
  // Nix reports a clash inside merged sets at the earlier definition.
  CHECK(lints("{ a.b = 1; a = { b = 2; }; }") ==
        "1:3-1:6 duplicate-attribute: attribute 'b' already defined on line 1\n");
  CHECK(lints("{ inherit ({ }) a; a.b = 1; }") ==
        "1:20-1:23 duplicate-attribute: attribute 'a.b' already defined on line 1\n");
  CHECK(lints("{ a = 1; \"a\" = 2; }") ==
        "1:10-1:13 duplicate-attribute: attribute '\"a\"' already defined on line 1\n");
  CHECK(lints("x: { a = 1; ${x} = 2; }") == "");
  CHECK(lints("{ a = { b = 1; }; a.b.c = 2; }") ==
        "1:19-1:24 duplicate-attribute: attribute 'a.b.c' already defined on line 1\n");
  CHECK(lints("{ a.b.c = 1; a.b = { d = 2; }; }") == "");
  CHECK(lints("{ a = let x = 1; in { b = x; }; a.c = 2; }") ==
        "1:33-1:36 duplicate-attribute: attribute 'a.c' already defined on line 1\n");
  CHECK(lints("{ a = ({ b = 1; }); a.c = 2; }") == "");
  CHECK(lints("let a = 1; a = 2; in a") ==
        "1:12-1:13 duplicate-attribute: attribute 'a' already defined on line 1\n");
  CHECK(lints("x: { inherit x; inherit x; }") ==
        "1:25-1:26 duplicate-attribute: attribute 'x' already defined on line 1\n");
}

TEST_CASE("duplicate formals and dynamic let attributes are errors") {
  CHECK(lints("{ a, a }: a") ==
        "1:6-1:7 duplicate-formal: duplicate formal function argument 'a'\n");
  CHECK(lints("{ a }@a: a") ==
        "1:7-1:8 duplicate-formal: duplicate formal function argument 'a'\n");
  CHECK(lints("x: let ${x} = 1; in 1") ==
        "1:8-1:12 dynamic-let-attribute: dynamic attributes are not allowed in let\n");
}

TEST_CASE("small lints: builtins, deprecated forms, empty inherit and let") {
  CHECK(lints("builtins.fooo") == "1:10-1:14 unknown-builtin: unknown builtin 'builtins.fooo'\n");
  CHECK(lints("builtins.fooo or null") == "");
  CHECK(lints("[ builtins.map builtins.getFlake ]") == "");
  CHECK(lints("let builtins = { }; in builtins.fooo") == "");
  CHECK(lints("let { body = 1; }") ==
        "1:1-1:18 deprecated-let: `let { … }` is deprecated; use `let … in …` instead\n");
  CHECK(lints("https://example.org/x") ==
        "1:1-1:22 deprecated-url-literal: URL literals are deprecated; write the URL as a string\n");
  CHECK(lints("{ inherit; }") == "1:3-1:11 empty-inherit: `inherit` without names does nothing\n");
  CHECK(lints("let in 1") == "1:1-1:7 empty-let: `let` without bindings does nothing\n");
}

TEST_CASE("names inside broken syntax are not reported as undefined") {
  // `b` reads as an argument of `1` until the ';' is typed.
  CHECK(lints("{\n  a = 1\n  b = 2;\n}") == "");
  CHECK(lints("{ description = \"x\"\n  outputs = { self }: { };\n}") == "");
}

TEST_CASE("# flakewise: ignore silences a line") {
  CHECK(lints("let\n  a = 1; # flakewise: ignore unused-binding\nin 2") == "");
  CHECK(lints("let\n  # flakewise: ignore unused-binding\n  a = 1;\nin 2") == "");
  CHECK(lints("let\n  # flakewise: ignore undefined-variable\n  a = 1;\nin 2") ==
        "3:3-3:4 unused-binding: unused let binding 'a'\n");
  CHECK(lints("x: y # flakewise: ignore") == "");
}
