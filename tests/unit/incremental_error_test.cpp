// Incremental reparses of texts with ERROR nodes give the tree a fresh
// parse gives (parser/syntax_tree.cpp, invalidateErrors).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "parser/syntax_tree.h"
#include "parser/tree_dump.h"

using namespace fw;

namespace {

std::string dump(const SyntaxTree& t) { return dumpTree(t, {.anonymous = true, .ranges = true, .bytes = true}); }

// The tree after inserting `ins` at `at` (and after deleting the byte
// there), incrementally, against a fresh parse of the same text.
bool sameAsFresh(const std::string& text, ByteOffset at, ByteOffset del, const std::string& ins) {
  const SyntaxTreePtr before = SyntaxTree::parse(text);
  const std::vector<ByteEdit> edits{{at, at + del, ins}};
  const SyntaxTreePtr after = before->edit(std::span<const ByteEdit>(edits));
  return dump(*after) == dump(*SyntaxTree::parse(after->text()));
}

}  // namespace

TEST_CASE("a space typed inside an ERROR node: the tokens after it are read as a fresh parse reads them") {
  // Found by fuzz_incremental: `==` came back as `=` `=`.
  CHECK(sameAsFresh("let;r.z==", 3, 0, " "));
  CHECK(sameAsFresh("let;r.z==", 3, 0, "\xC3\xA9"));
}

TEST_CASE("an edit far from an ERROR node: the ERROR node is read as a fresh parse reads it") {
  // Found by fuzz_incremental: `else` came back as a keyword.
  CHECK(sameAsFresh("key:\n{\n  a.${key} else\n  a.${key} = 2;\n  a.static = 3;\n}\n", 1, 3, "\n  "));
}

TEST_CASE("every one-byte edit of small broken texts reparses like a fresh parse") {
  const std::vector<std::string> texts = {
      "let;r.z==",
      "{ a = 1; b = ; c = x: x ==; }",
      "let x = [ 1 2 ; in { y = x.; }",
      "{ config, lib, ... }: { options.a = lib.mkOption { type = ; }; config = mkIf cfg.enable { a = ''x ${ }; }",
      "if a then b else ; c == d // { e = f; } ++ [",
      "rec { a = \"${b\"; inherit (c) d \"\" ; e = f:; }",
      "key:\n{\n  a.${key} else\n  a.${key} = 2;\n  a.static = 3;\n}\n",
      "x: { a = if x then 1 else; b = let in; c = with; d = assert x; }",
  };
  const std::vector<std::string> inserts = {" ", "=", ";", "}", "{", "\"", "a", ".", "\n", ""};
  for (const std::string& text : texts) {
    for (ByteOffset at = 0; at <= text.size(); ++at) {
      for (const std::string& ins : inserts) {
        for (ByteOffset del = 0; del <= 1 && at + del <= text.size(); ++del) {
          if (ins.empty() && del == 0) continue;
          CAPTURE(text);
          CAPTURE(at);
          CAPTURE(del);
          CAPTURE(ins);
          CHECK(sameAsFresh(text, at, del, ins));
        }
      }
    }
  }
}
