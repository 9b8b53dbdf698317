// Code actions on fixtures: the cursor is $0 (a range $0..$1 when there is
// a $1). `titles` lists what is offered; `apply` gives the text after the
// action with that title.

#include <doctest/doctest.h>

#include <algorithm>

#include "analysis/code_actions.h"
#include "tests/support/fixture.h"

using namespace fw;
using namespace fw::test;

namespace {

struct Result {
  std::string text;
  std::vector<CodeAction> actions;
};

Result run(std::string_view fixture) {
  const Fixture f = parseFixture(fixture);
  const SyntaxTreePtr tree = SyntaxTree::parse(f.only());
  const auto a = analyzeFile(tree);
  const std::vector<Diagnostic> diags = fileDiagnostics(*a);
  const ByteRange range{f.at(0), f.markers.count(1) ? f.at(1) : f.at(0)};
  return {f.only(), codeActions(*a, range, diags)};
}

std::string titles(std::string_view fixture) {
  std::string out;
  for (const CodeAction& a : run(fixture).actions) out += (out.empty() ? "" : " | ") + a.title;
  return out;
}

std::string apply(std::string_view fixture, std::string_view title) {
  const Result r = run(fixture);
  for (const CodeAction& a : r.actions)
    if (a.title == title) return applyEdits(r.text, a.edits);
  return "<no action '" + std::string(title) + "'; offered: " + titles(fixture) + ">";
}

const CodeAction* find(const Result& r, std::string_view title) {
  for (const CodeAction& a : r.actions)
    if (a.title == title) return &a;
  return nullptr;
}

}  // namespace

TEST_CASE("code actions: remove an unused let binding") {
  CHECK(apply("let\n  a$0 = 1;\n  b = 2;\nin\nb", "Remove unused binding `a`") == "let\n  b = 2;\nin\nb");
  CHECK(apply("let a$0 = 1; b = 2; in b", "Remove unused binding `a`") == "let b = 2; in b");
  CHECK(apply("let b = 2; a$0 = 1; in b", "Remove unused binding `a`") == "let b = 2; in b");
  // A trailing comment on the line goes with it.
  CHECK(apply("let\n  a$0 = 1; # the a\n  b = 2;\nin b", "Remove unused binding `a`") == "let\n  b = 2;\nin b");
  // The only binding: the whole `let … in`.
  CHECK(apply("{\n  x = let a$0 = 1; in 2;\n}", "Remove unused binding `a`") == "{\n  x = 2;\n}");
  CHECK(apply("let\n  a$0 = 1;\nin\n  2", "Remove unused binding `a`") == "2");
  // Every binding that defines it.
  CHECK(apply("let a$0.x = 1; a.y = 2; b = 3; in b", "Remove unused binding `a`") == "let b = 3; in b");
  // Names starting with `_` and used names have no diagnostic, so no fix.
  CHECK(titles("let _a$0 = 1; in 2").find("Remove") == std::string::npos);
  const Result r = run("let a$0 = 1; in 2");
  const CodeAction* fix = find(r, "Remove unused binding `a`");
  REQUIRE(fix);
  CHECK(fix->kind == CodeActionKind::QuickFix);
  CHECK(fix->preferred);
  REQUIRE(fix->diagnostic);
  CHECK(fix->diagnostic->code == "unused-binding");
}

TEST_CASE("code actions: remove an unused inherited name") {
  CHECK(apply("x: y: let inherit x$0 y; in y", "Remove unused binding `x`") == "x: y: let inherit y; in y");
  CHECK(apply("x: y: let inherit y x$0; in y", "Remove unused binding `x`") == "x: y: let inherit y; in y");
  CHECK(apply("s: let inherit (s) a$0; b = 1; in b", "Remove unused binding `a`") == "s: let b = 1; in b");
  CHECK(apply("s: let inherit (s) a$0; in 1", "Remove unused binding `a`") == "s: 1");
}

TEST_CASE("code actions: remove an unused formal, in every layout") {
  const char* title = "Remove unused argument `b`";
  CHECK(apply("{ a, b$0, ... }: a", title) == "{ a, ... }: a");
  CHECK(apply("{ a, b$0 ? 1, c, ... }: a + c", title) == "{ a, c, ... }: a + c");
  CHECK(apply("{ b$0, a, ... }: a", title) == "{ a, ... }: a");
  // RFC 166: one per line with trailing commas.
  CHECK(apply("{\n  a,\n  b$0,\n  ...\n}:\na", title) == "{\n  a,\n  ...\n}:\na");
  CHECK(apply("{\n  a,\n  b$0,\n}:\na", "Remove unused argument `b` (callers that pass it will fail)") ==
        "{\n  a,\n}:\na");
  CHECK(apply("{\n  b$0,\n  a,\n}:\na", "Remove unused argument `b` (callers that pass it will fail)") ==
        "{\n  a,\n}:\na");
  // One per line, no trailing comma.
  CHECK(apply("{\n  a,\n  b$0\n}:\na", "Remove unused argument `b` (callers that pass it will fail)") ==
        "{\n  a,\n}:\na");
  // Leading commas.
  CHECK(apply("{ a\n, b$0\n, ...\n}:\na", title) == "{ a\n, ...\n}:\na");
  CHECK(apply("{ b$0\n, a\n, ...\n}:\na", title) == "{ a\n, ...\n}:\na");
  // The only formal.
  CHECK(apply("{ b$0, ... }: 1", title) == "{ ... }: 1");
  CHECK(apply("{ b$0 }: 1", "Remove unused argument `b` (callers that pass it will fail)") == "{  }: 1");
  // Without `...` callers that pass it would fail: not preferred, marked.
  const Result r = run("{ a, b$0 }: a");
  const CodeAction* fix = find(r, "Remove unused argument `b` (callers that pass it will fail)");
  REQUIRE(fix);
  CHECK_FALSE(fix->preferred);
  CHECK_FALSE(fix->preservesValue);
  CHECK(applyEdits(r.text, fix->edits) == "{ a }: a");
}

TEST_CASE("code actions: remove an unused @-pattern") {
  CHECK(apply("args$0@{ a, ... }: a", "Remove unused `args@`") == "{ a, ... }: a");
  CHECK(apply("{ a, ... } @ args$0: a", "Remove unused `args@`") == "{ a, ... }: a");
}

TEST_CASE("code actions: remove an unused with and an unneeded rec") {
  CHECK(apply("x: y: with$0 x; [ y ]", "Remove unused `with`") == "x: y: [ y ]");
  CHECK(apply("let a = 1; in\nwith$0 builtins;\n[ a ]", "Remove unused `with`") == "let a = 1; in\n[ a ]");
  CHECK(apply("rec$0 { a = 1; }", "Remove unneeded `rec`") == "{ a = 1; }");
  CHECK(titles("rec$0 { a = 1; b = a; }").find("rec") == std::string::npos);
}

TEST_CASE("code actions: add an undefined name to the formals, keeping their layout") {
  CHECK(apply("{ a }: a + b$0", "Add `b` to the function's arguments") == "{ a, b }: a + b");
  CHECK(apply("{ a, ... }: a + b$0", "Add `b` to the function's arguments") == "{ a, b, ... }: a + b");
  CHECK(apply("{ }: b$0", "Add `b` to the function's arguments") == "{ b }: b");
  CHECK(apply("{ ... }: b$0", "Add `b` to the function's arguments") == "{ b, ... }: b");
  CHECK(apply("{\n  a,\n  c,\n}:\na + b$0", "Add `b` to the function's arguments") == "{\n  a,\n  c,\n  b,\n}:\na + b");
  CHECK(apply("{\n  a,\n  ...\n}:\na + b$0", "Add `b` to the function's arguments") ==
        "{\n  a,\n  b,\n  ...\n}:\na + b");
  CHECK(apply("{\n  a\n}:\na + b$0", "Add `b` to the function's arguments") == "{\n  a,\n  b\n}:\na + b");
  CHECK(apply("{ a\n, c\n}:\na + b$0", "Add `b` to the function's arguments") == "{ a\n, c\n, b\n}:\na + b");
  CHECK(apply("{ a\n, ...\n}:\na + b$0", "Add `b` to the function's arguments") == "{ a\n, b\n, ...\n}:\na + b");
  // The innermost function with formals.
  CHECK(apply("{ a }: { c }: x: b$0", "Add `b` to the function's arguments") == "{ a }: { c, b }: x: b");
  // No function with formals around: nothing to add to.
  CHECK(titles("x: b$0") == "");
}

TEST_CASE("code actions: a = a <-> inherit a, only in plain sets") {
  CHECK(apply("a: { a$0 = a; }", "Convert to `inherit a;`") == "a: { inherit a; }");
  CHECK(titles("a: rec { a$0 = a; }").find("inherit") == std::string::npos);
  CHECK(titles("a: let b = 1; a$0 = a; in b").find("inherit") == std::string::npos);
  CHECK(apply("a: { inherit$0 a; }", "Convert to `a = a;`") == "a: { a = a; }");
  CHECK(apply("a: b: { inherit a b$0; }", "Convert `inherit` to bindings") == "a: b: { a = a; b = b; }");
  CHECK(titles("a: let inherit$0 a; in a").find("Convert") == std::string::npos);
  CHECK(apply("s: { inherit (s) a$0; }", "Convert to `a = s.a;`") == "s: { a = s.a; }");
  CHECK(apply("s: { inherit (s.x) a b$0; }", "Convert `inherit (…)` to bindings") ==
        "s: { a = s.x.a; b = s.x.b; }");
  CHECK(apply("f: { inherit (f 1) \"a-b\"$0; }", "Convert to `\"a-b\" = (f 1).\"a-b\";`") ==
        "f: { \"a-b\" = (f 1).\"a-b\"; }");
  CHECK(apply("s: d: { inherit (s.x or d) a$0; }", "Convert to `a = (s.x or d).a;`") ==
        "s: d: { a = (s.x or d).a; }");
}

TEST_CASE("code actions: flatten and pack nested attribute paths") {
  CHECK(apply("{ a$0 = { b = 1; }; }", "Flatten to `a.b = …;`") == "{ a.b = 1; }");
  CHECK(apply("{ a = { b$0.c = 1; }; }", "Flatten to `a.b.c = …;`") == "{ a.b.c = 1; }");
  CHECK(apply("let a$0 = { b = 1; }; in a", "Flatten to `a.b = …;`") == "let a.b = 1; in a");
  CHECK(titles("{ a$0 = { b = 1; c = 2; }; }").find("Flatten") == std::string::npos);
  CHECK(titles("{ a$0 = rec { b = 1; }; }").find("Flatten") == std::string::npos);
  CHECK(titles("x: { a$0 = { inherit x; }; }").find("Flatten") == std::string::npos);
  CHECK(apply("{ a.b$0 = 1; }", "Pack into `a = { … };`") == "{ a = { b = 1; }; }");
  CHECK(apply("{ a.b$0.c = 1; }", "Pack into `a = { … };`") == "{ a = { b.c = 1; }; }");
  CHECK(titles("{ a.b$0 = 1; a.c = 2; }").find("Pack") == std::string::npos);
  CHECK(titles("k: { a.b$0 = 1; ${k}.c = 2; }").find("Pack") == std::string::npos);
  CHECK(titles("a: { a.b$0 = 1; inherit a; }").find("Pack") == std::string::npos);
}

TEST_CASE("code actions: quote and unquote attribute names") {
  CHECK(apply("{ a$0 = 1; }", "Quote attribute name") == "{ \"a\" = 1; }");
  CHECK(apply("s: s.a$0", "Quote attribute name") == "s: s.\"a\"");
  CHECK(apply("{ \"a\"$0 = 1; }", "Unquote attribute name") == "{ a = 1; }");
  CHECK(titles("{ \"a-b c\"$0 = 1; }").find("Unquote") == std::string::npos);
  CHECK(titles("{ \"if\"$0 = 1; }").find("Unquote") == std::string::npos);
  CHECK(titles("{ \"or\"$0 = 1; }").find("Unquote") == std::string::npos);
  CHECK(titles("{ \"1a\"$0 = 1; }").find("Unquote") == std::string::npos);
}

TEST_CASE("code actions: string <-> indented string only without escaping changes") {
  CHECK(apply("x: \"a$0 ${x} b\"", "Convert to indented string") == "x: ''a ${x} b''");
  CHECK(apply("''a$0 b''", "Convert to double-quoted string") == "\"a b\"");
  CHECK(apply("\"$0\"", "Convert to indented string") == "''''");
  for (const char* refused : {"\"a\\n$0\"", "\"it's$0\"", "\" lead$0\"", "\"$$0$\"", "\"a\nb$0\""})
    CHECK(titles(refused).find("Convert to indented") == std::string::npos);
  for (const char* refused : {"''a\n  b$0''", "''say \"hi\"$0''", "''  x$0''", "''a''$$0 b''", "''a\\b$0''"})
    CHECK(titles(refused).find("Convert to double") == std::string::npos);
  // Attribute names are not converted.
  CHECK(titles("{ \"a\"$0 = 1; }").find("Convert") == std::string::npos);
}

TEST_CASE("code actions: 4,000 levels of nesting around the cursor") {
  // Deeper than Nix allows (10,000 stack entries; a list level takes two),
  // the parser stops reading (parser/nesting.h).
  const std::string deep = "x: " + std::string(4000, '[') + " { x$0 = x; } " + std::string(4000, ']');
  CHECK(titles(deep) == "Quote attribute name | Convert to `inherit x;`");
  const std::string unused =
      "x: y: " + std::string(4000, '[') + " (with$0 x; [ y ]) " + std::string(4000, ']');
  CHECK(::apply(unused, "Remove unused `with`") ==
        "x: y: " + std::string(4000, '[') + " ([ y ]) " + std::string(4000, ']'));
  const std::string rec = std::string(4000, '[') + " rec$0 { a = 1; } " + std::string(4000, ']');
  CHECK(::apply(rec, "Remove unneeded `rec`") ==
        std::string(4000, '[') + " { a = 1; } " + std::string(4000, ']'));
}
