#include <doctest/doctest.h>

#include "analysis/features.h"

using namespace fw;

namespace {

// "name(kind):detail" lines, indented by depth.
void dump(const std::vector<DocumentSymbol>& syms, std::string& out, int depth = 0) {
  for (const DocumentSymbol& s : syms) {
    out += std::string(depth * 2, ' ') + s.name + "(" + std::to_string(static_cast<int>(s.kind)) +
           ")" + (s.detail.empty() ? "" : ":" + s.detail) + "\n";
    dump(s.children, out, depth + 1);
  }
}

std::string outline(const std::string& text) {
  std::string out;
  dump(documentSymbols(*SyntaxTree::parse(text)), out);
  return out;
}

}  // namespace

TEST_CASE("document symbols of a module: formals, let, nested attrsets, inherit") {
  const std::string text = R"nix({ config, lib, pkgs ? null, ... }:
let
  cfg = config.services.foo;
  inherit (lib) mkOption types;
in {
  options.services.foo = {
    enable = lib.mkEnableOption "foo";
    port = mkOption { type = types.port; default = 8080; };
  };
  config.x = "v";
  list = [ 1 ];
  f = a: a;
  flag = true;
})nix";
  CHECK(outline(text) ==
        "config(13):argument\n"
        "lib(13):argument\n"
        "pkgs(13):argument ? null\n"
        "cfg(13)\n"
        "mkOption(13):inherit (lib)\n"
        "types(13):inherit (lib)\n"
        "options.services.foo(3):{ }\n"
        "  enable(8)\n"
        "  port(8)\n"
        "    type(8)\n"
        "    default(16):8080\n"
        "config.x(15):\"v\"\n"
        "list(18):[ ]\n"
        "f(12):function\n"
        "  a(13):argument\n"
        "flag(17):true\n");
}

TEST_CASE("document symbol ranges cover the binding, selection is the name") {
  const std::string text = "{ a.b = { c = 1; }; }";
  const auto syms = documentSymbols(*SyntaxTree::parse(text));
  REQUIRE(syms.size() == 1);
  CHECK(syms[0].range == ByteRange{2, 19});
  CHECK(syms[0].selection == ByteRange{2, 5});
  REQUIRE(syms[0].children.size() == 1);
  CHECK(syms[0].children[0].name == "c");
}

TEST_CASE("symbol nesting is capped on deeply nested input") {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "{ a = ";
  text += "1";
  for (int i = 0; i < 500; ++i) text += "; }";
  const auto syms = documentSymbols(*SyntaxTree::parse(text));
  std::size_t depth = 0, total = 0;
  std::vector<std::pair<const DocumentSymbol*, std::size_t>> work;
  for (const auto& s : syms) work.push_back({&s, 1});
  while (!work.empty()) {
    auto [s, d] = work.back();
    work.pop_back();
    depth = std::max(depth, d);
    ++total;
    for (const auto& c : s->children) work.push_back({&c, d + 1});
  }
  CHECK(total == 500);           // nothing lost
  CHECK(depth == kMaxSymbolDepth);
}

TEST_CASE("folding ranges for attrsets, lists, let and comment runs") {
  const std::string text =
      "# one\n# two\n# three\nlet\n  a = [\n    1\n  ];\nin {\n  b = ''\n    x\n  '';\n}\n";
  const auto f = foldingRanges(*SyntaxTree::parse(text));
  std::vector<std::string> got;
  for (const auto& r : f)
    got.push_back(std::to_string(r.startLine) + "-" + std::to_string(r.endLine) +
                  (r.kind == FoldingKind::Comment ? "c" : ""));
  // Comments 0-2; let bindings 3-6; list 4-5; attrset body 7-10; string 8-9.
  CHECK(got == std::vector<std::string>{"0-2c", "3-6", "4-5", "7-10", "8-9"});
}

TEST_CASE("selection ranges grow from the token outwards") {
  const std::string text = "{ a = f x; }";
  const ByteOffset at = 8;  // on `x`
  const auto chain = selectionRanges(*DocumentView::exact(SyntaxTree::parse(text)), at);
  REQUIRE(chain.size() >= 4);
  CHECK(chain[0] == ByteRange{8, 9});          // identifier x
  CHECK(chain.back() == ByteRange{0, 12});     // the whole file
  for (std::size_t i = 1; i < chain.size(); ++i) {
    CHECK(chain[i].start <= chain[i - 1].start);
    CHECK(chain[i].end >= chain[i - 1].end);
    CHECK_FALSE(chain[i] == chain[i - 1]);
  }
  // At the end of a token (cursor after `x`), the token is still chosen.
  const auto after = selectionRanges(*DocumentView::exact(SyntaxTree::parse(text)), 9);
  CHECK(after[0] == ByteRange{8, 9});
}

TEST_CASE("file diagnostics honour disabled codes") {
  auto t = SyntaxTree::parse("{ a = ; }");
  CHECK(fileDiagnostics(*t).size() == 1);
  DiagnosticsConfig cfg;
  cfg.disabled = {"syntax-error"};
  CHECK(fileDiagnostics(*t, cfg).empty());
}
