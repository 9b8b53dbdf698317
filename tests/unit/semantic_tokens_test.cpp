// Semantic tokens as readable snapshots: "text:type.modifier…" per token,
// in order, separated by spaces.

#include <doctest/doctest.h>

#include <string>

#include "analysis/semantic_tokens.h"
#include "server/handlers_edit.h"
#include "tests/support/fixture.h"

using namespace fw;
using namespace fw::test;

namespace {

std::string describe(const SyntaxTree& tree, const std::vector<SemanticToken>& tokens) {
  std::string out;
  const auto types = semanticTokenTypeNames();
  const auto mods = semanticTokenModifierNames();
  for (const SemanticToken& t : tokens) {
    if (!out.empty()) out += ' ';
    out += tree.text().substr(t.start, t.length);
    out += ':';
    out += types[static_cast<std::size_t>(t.type)];
    for (std::size_t i = 0; i < mods.size(); ++i)
      if (t.modifiers & (1u << i)) out += "." + std::string(mods[i]);
  }
  return out;
}

std::string tokens(const std::string& text, std::optional<ByteRange> range = std::nullopt) {
  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  const auto a = analyzeFile(tree);
  SemanticTokensConfig cfg;
  cfg.range = range;
  return describe(*tree, semanticTokens(*a, cfg));
}

}  // namespace

TEST_CASE("semantic tokens: the legend uses LSP's standard names") {
  const auto types = semanticTokenTypeNames();
  CHECK(types.size() == 11);
  CHECK(types[static_cast<std::size_t>(TokenType::Namespace)] == "namespace");
  CHECK(types[static_cast<std::size_t>(TokenType::Operator)] == "operator");
  const auto mods = semanticTokenModifierNames();
  CHECK(mods.size() == 5);
  CHECK(mods[4] == "defaultLibrary");
}

TEST_CASE("semantic tokens: let bindings, functions and references") {
  CHECK(tokens("let a = 1; f = x: x; in f a") ==
        "let:keyword a:variable.declaration 1:number f:function.declaration x:parameter.declaration "
        "x:parameter in:keyword f:function a:variable");
  // Parenthesised lambdas are functions too.
  CHECK(tokens("let g = (y: y); in g") ==
        "let:keyword g:function.declaration y:parameter.declaration y:parameter in:keyword g:function");
}

TEST_CASE("semantic tokens: formals, defaults, ellipsis and @-patterns") {
  CHECK(tokens("{ a, b ? 1, ... }@args: a + b + args.c") ==
        "a:parameter.declaration b:parameter.declaration ?:operator 1:number ...:operator "
        "args:parameter.declaration a:parameter +:operator b:parameter +:operator args:parameter c:property");
}

TEST_CASE("semantic tokens: rec sets, plain sets and attribute paths") {
  CHECK(tokens("rec { a = 1; b.c = a; }") ==
        "rec:keyword a:variable.declaration 1:number b:variable.declaration c:property.declaration a:variable");
  CHECK(tokens("{ x.y = 1; \"q\" = 2; }") ==
        "x:property.declaration y:property.declaration 1:number \"q\":property.declaration 2:number");
  // A quoted name with an interpolation is a string with code inside.
  CHECK(tokens("x: { \"a${x}\" = 1; }") ==
        "x:parameter.declaration \":string a:string x:parameter \":string 1:number");
  CHECK(tokens("s: s ? a.b") == "s:parameter.declaration s:parameter ?:operator a:property b:property");
}

TEST_CASE("semantic tokens: inherit in plain sets and in let") {
  // In a plain set the inherited name is a use of the outer binding.
  CHECK(tokens("x: { inherit x; }") == "x:parameter.declaration inherit:keyword x:parameter");
  // In let it defines a binding.
  CHECK(tokens("x: let inherit x; in x") ==
        "x:parameter.declaration let:keyword inherit:keyword x:variable.declaration in:keyword x:variable");
  // inherit (e) a in a plain set defines an attribute.
  CHECK(tokens("s: { inherit (s) a; }") ==
        "s:parameter.declaration inherit:keyword s:parameter a:property.declaration");
}

TEST_CASE("semantic tokens: builtins, globals and with") {
  CHECK(tokens("[ true null map builtins.length builtins.currentSystem builtins.nope __add __curPos ]") ==
        "true:variable.readonly.defaultLibrary null:variable.readonly.defaultLibrary "
        "map:function.defaultLibrary builtins:namespace.defaultLibrary length:function.defaultLibrary "
        "builtins:namespace.defaultLibrary currentSystem:variable.defaultLibrary "
        "builtins:namespace.defaultLibrary nope:property __add:function.defaultLibrary "
        "__curPos:variable.defaultLibrary");
  // A local `builtins` is an ordinary binding.
  CHECK(tokens("let builtins = { length = 1; }; in builtins.length") ==
        "let:keyword builtins:variable.declaration length:property.declaration 1:number in:keyword "
        "builtins:variable length:property");
  CHECK(tokens("with lib; [ mkIf undefinedHere ]") == "with:keyword lib:variable mkIf:variable undefinedHere:variable");
}

TEST_CASE("semantic tokens: strings, escapes and interpolation") {
  CHECK(tokens("x: \"a\\n${x}b\"") ==
        "x:parameter.declaration \":string a:string \\n:regexp x:parameter b:string \":string");
  CHECK(tokens("''a ''$ ''' b''") == "'':string a :string ''$:regexp  :string ''':regexp  b:string '':string");
  CHECK(tokens("\"\\${x}\"") == "\":string \\$:regexp {x}:string \":string");
}

TEST_CASE("semantic tokens: multi-line tokens are split per line") {
  CHECK(tokens("/* one\n   two */ 1") == "/* one:comment    two */:comment 1:number");
  CHECK(tokens("''\n  x\n\n  y\n''") == "'':string   x:string   y:string '':string");
  CHECK(tokens("\"a\r\nb\"") == "\":string a:string b:string \":string");
}

TEST_CASE("semantic tokens: numbers, paths, URIs, operators, keywords, comments") {
  CHECK(tokens("# hi\nif !a then 1.5 else ./x/${b}.nix") ==
        "# hi:comment if:keyword !:operator a:variable then:keyword 1.5:number else:keyword "
        "./x/:string.static b:variable .nix:string.static");
  CHECK(tokens("[ <nixpkgs> ~/x http://a.org ]") ==
        "<nixpkgs>:string.static ~/x:string.static http://a.org:string.static.deprecated");
  CHECK(tokens("a: a.b or 1 // a ++ [ ] -> true") ==
        "a:parameter.declaration a:parameter b:property or:keyword 1:number //:operator a:parameter "
        "++:operator ->:operator true:variable.readonly.defaultLibrary");
  CHECK(tokens("assert true; 1") == "assert:keyword true:variable.readonly.defaultLibrary 1:number");
}

TEST_CASE("semantic tokens: a range gives only the tokens it overlaps") {
  const std::string text = "let\n  a = 1;\n  b = a;\nin\nb";
  const auto line2 = text.find("  b");
  CHECK(tokens(text, ByteRange{static_cast<ByteOffset>(line2), static_cast<ByteOffset>(text.find("in"))}) ==
        "b:variable.declaration a:variable");
  CHECK(tokens(text, ByteRange{0, 0}) == "");
}

TEST_CASE("semantic tokens: broken code still gets tokens") {
  CHECK(tokens("let a = 1; in { b = a").ends_with("a:variable"));
  CHECK(tokens("{ a = ; }").starts_with("a:property.declaration"));
}

TEST_CASE("semantic tokens: nesting as deep as Nix allows, and a chain of 100,000 applications, do not overflow the stack") {
  std::string deep(4999, '[');
  deep += "x";
  deep += std::string(4999, ']');
  const SyntaxTreePtr tree = SyntaxTree::parse(deep);
  const auto a = analyzeFile(tree);
  const auto t = semanticTokens(*a);
  REQUIRE(t.size() == 1);
  CHECK(t[0].start == 4999);
  // A left-nested chain has no parser limit: 100,000 applications deep.
  std::string chain = "f: x: f";
  for (int i = 0; i < 100000; ++i) chain += " x";
  const auto a2 = analyzeFile(SyntaxTree::parse(chain));
  CHECK(semanticTokens(*a2).size() == 100003);
}

TEST_CASE("semantic tokens: deltas keep the common prefix and suffix") {
  using fw::server::diffSemanticTokens;
  using V = std::vector<std::uint32_t>;
  auto apply = [](V before, const fw::server::TokensEdit& e) {
    before.erase(before.begin() + e.start, before.begin() + e.start + e.deleteCount);
    before.insert(before.begin() + e.start, e.data.begin(), e.data.end());
    return before;
  };
  CHECK_FALSE(diffSemanticTokens(V{1, 2, 3}, V{1, 2, 3}));
  const V cases[][2] = {{{1, 2, 1}, {1, 2, 2, 1}}, {{1, 1}, {1}}, {{}, {4, 5}}, {{4, 5}, {}},
                        {{1, 2, 3, 4}, {1, 9, 4}}, {{7, 7, 7}, {7, 7, 7, 7, 7}}};
  for (const auto& c : cases) {
    const auto e = diffSemanticTokens(c[0], c[1]);
    REQUIRE(e);
    CHECK(apply(c[0], *e) == c[1]);
  }
  const auto e = diffSemanticTokens(V{1, 2, 3, 4}, V{1, 9, 4});
  CHECK(e->start == 1);
  CHECK(e->deleteCount == 2);
  CHECK(e->data == V{9});
}

TEST_CASE("semantic tokens: the LSP encoding agrees with LineIndex in every encoding") {
  // Multi-byte characters before, inside and between tokens; CR LF, lone
  // CR, an invalid byte and a multi-line comment.
  const std::string text = "let é = \"ü𝄞x\"; /* ∀\r\n  𝄞 */ b = [ é \"\xff\" ];\rin\n  [ b é ] # ü\n";
  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  const auto tokens = semanticTokens(*analyzeFile(tree));
  REQUIRE(tokens.size() > 10);
  for (PositionEncoding enc : {PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32}) {
    std::vector<std::uint32_t> expected;
    std::uint32_t prevLine = 0, prevChar = 0;
    for (const SemanticToken& t : tokens) {
      const Position p = tree->lines().position(t.start, enc);
      const Position e = tree->lines().position(t.start + t.length, enc);
      REQUIRE(p.line == e.line);
      expected.insert(expected.end(), {p.line - prevLine, p.line == prevLine ? p.character - prevChar : p.character,
                                       e.character - p.character, static_cast<std::uint32_t>(t.type), t.modifiers});
      prevLine = p.line;
      prevChar = p.character;
    }
    CHECK(fw::server::encodeSemanticTokens(tokens, tree->lines(), enc) == expected);
  }
}
