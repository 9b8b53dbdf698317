// The parser's limits (parser/nesting.h): where it stops reading, what it
// hides, and that tree-sitter 0.20.7 survives what used to crash it.
#include <doctest/doctest.h>

#include <string>

#include "parser/nesting.h"
#include "parser/syntax_diagnostics.h"
#include "parser/syntax_tree.h"

using namespace fw;

namespace {

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

bool hasDiagnostic(const std::string& text, std::string_view code, std::string_view message, ByteOffset at) {
  for (const Diagnostic& d : syntaxDiagnostics(*SyntaxTree::parse(text))) {
    if (d.code == code && d.message.find(message) != std::string::npos && d.range.start == at) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("nesting: Nix's stack entries per level, and the parser stops where they pass 10,000") {
  struct Case {
    const char* open;
    const char* close;
    std::size_t perLevel;  // entries on Nix's stack (tests/corpus/nesting_nix_test.cpp)
  };
  for (const Case c : {Case{"(", ")", 1}, Case{"[ ", " ]", 2}, Case{"{ a = ", "; }", 4}, Case{"rec { a = ", "; }", 5},
                       Case{"let a = ", "; in a", 4}, Case{"a: ", "", 2}, Case{"{ a }: ", "", 4},
                       Case{"if a then ", "", 3}, Case{"if a then x else ", "", 5}, Case{"with a; ", "", 3},
                       Case{"assert a; ", "", 3}, Case{"let in ", "", 3}, Case{"x ++ ", "", 2}, Case{"x // ", "", 2},
                       Case{"x -> ", "", 2}, Case{"! ", "", 1}, Case{"\"${", "}\"", 2}, Case{"''${", "}''", 3},
                       Case{"x.${", "}", 3}, Case{"x: { a = ", "; }", 6}}) {
    INFO(c.open);
    const std::size_t levels = kMaxNesting / c.perLevel;
    const std::string ok = repeat(c.open, levels) + "x" + repeat(c.close, levels);
    CHECK(findTooDeepNesting(ok) == std::string::npos);
    // One level more passes the limit at that level's first token.
    const std::string deep = repeat(c.open, levels + 1) + "x" + repeat(c.close, levels + 1);
    const std::size_t stop = findTooDeepNesting(deep);
    CHECK(stop >= levels * std::string_view(c.open).size());
    CHECK(stop < (levels + 1) * std::string_view(c.open).size());
  }
}

TEST_CASE("nesting: long flat texts are not nested") {
  CHECK(findTooDeepNesting("[" + repeat(" x", 100000) + " ]") == std::string::npos);
  CHECK(findTooDeepNesting("{" + repeat(" a = x: y: if x then y else - x ++ [ y ];", 100000) + " }") == std::string::npos);
  CHECK(findTooDeepNesting("x" + repeat(" + - x", 100000)) == std::string::npos);
  CHECK(findTooDeepNesting("f" + repeat(" (x)", 100000)) == std::string::npos);
  CHECK(findTooDeepNesting("{ a ? " + repeat("x ++ y, b ? ", 10000) + "1 }: a") == std::string::npos);
  CHECK(findTooDeepNesting("let" + repeat(" a = with x; assert y; z;", 20000) + " in a") == std::string::npos);
  CHECK(findTooDeepNesting("[" + repeat(" ./a/b https://x.org/a:b <nixpkgs/lib> ~/x 1.5e-3", 20000) + " ]") ==
        std::string::npos);
  CHECK(findTooDeepNesting(repeat("# (((( if then\n", 10000) + repeat("\"(((( ${x} ''\"", 10000) + "x") ==
        std::string::npos);
}

TEST_CASE("nesting: runs of operators without operands count like nesting") {
  // tree-sitter gathered every dangling operator into one ERROR node: more
  // than 65,535 of them crashed it. Nix stops at the first.
  const std::string plus = "1 " + repeat("+ ", 100000) + "1";
  // The first '+' has an operand before it; the 10,001st dangling one stops.
  CHECK(findTooDeepNesting(plus) == 2 + 2 * (kMaxNesting + 1));
  CHECK(hasDiagnostic(plus, kSyntaxError, "nested too deeply", static_cast<ByteOffset>(2 + 2 * (kMaxNesting + 1))));
  CHECK(findTooDeepNesting("x = 1; " + repeat("+ ", 70000)) != std::string::npos);
  CHECK(findTooDeepNesting(repeat("x.a or ", 70000) + "x") != std::string::npos);
}

TEST_CASE("nesting: what crashed tree-sitter 0.20.7 parses, with the limit's diagnostic") {
  // Each unit repeated 70,000 times and followed by an error: before the
  // gauge, tree-sitter's error recovery built a node with more than 65,535
  // children and freed an invalid pointer.
  for (const char* unit : {"(", "a: ", "if a then ", "with a; ", "let in ", "x ++ ", "\"${", "-", "!", "x.a or ",
                           "if a then a else ", "assert a; ", "x // ", "{ a = "}) {
    INFO(unit);
    const std::string text = repeat(unit, 70000) + "a )";
    const SyntaxTreePtr tree = SyntaxTree::parse(text);
    REQUIRE(tree->parsed());
    CHECK(!syntaxDiagnostics(*tree).empty());
  }
}

TEST_CASE("nesting: comments past 16,384 in a row are hidden from the parser, not from the text") {
  const std::string text = repeat("# c\n", 20000) + "x )";
  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  REQUIRE(tree->parsed());
  CHECK(tree->text() == text);
  std::size_t comments = 0;
  TSTreeCursor c = ts_tree_cursor_new(tree->root().raw());
  for (bool more = true; more;) {
    comments += std::string_view(ts_node_type(ts_tree_cursor_current_node(&c))) == "comment";
    if (ts_tree_cursor_goto_first_child(&c) || ts_tree_cursor_goto_next_sibling(&c)) continue;
    more = false;
    while (ts_tree_cursor_goto_parent(&c)) {
      if (ts_tree_cursor_goto_next_sibling(&c)) {
        more = true;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&c);
  CHECK(comments == kMaxCommentRun);
  // The error after them is still found, on its real row.
  bool found = false;
  for (const Diagnostic& d : syntaxDiagnostics(*tree)) found = found || d.range.start == text.size() - 1;
  CHECK(found);
  const NestingScan scan = scanNesting(text);
  REQUIRE(scan.hiddenComments.size() == 1);
  CHECK(scan.hiddenComments[0].start == 4 * kMaxCommentRun);
  CHECK(scan.hiddenComments[0].end == 4 * 20000 - 1);
  // Code between comments starts a new run.
  CHECK(scanNesting(repeat("# c\nx\n", 20000)).hiddenComments.empty());
}

TEST_CASE("nesting: a run of more than 4,096 touching tokens stops the parser (quadratic lexing)") {
  const std::string select = repeat("a.", 5000) + "a";
  const NestingScan scan = scanNesting(select);
  CHECK(scan.why == NestingScan::Why::LongRun);
  // `a` and `.` are tokens each: the 4,097th starts at 4,096.
  CHECK(scan.stop == kMaxRunTokens);
  CHECK(hasDiagnostic(select, kParseLimit, "tokens with no space between them", static_cast<ByteOffset>(kMaxRunTokens)));
  // Spaces end a run; long identifiers and strings are single tokens.
  CHECK(findTooDeepNesting(repeat("a. ", 5000) + "a") == std::string::npos);
  CHECK(findTooDeepNesting(std::string(100000, 'a')) == std::string::npos);
  CHECK(findTooDeepNesting("\"" + repeat("a.", 50000) + "\"") == std::string::npos);
}
