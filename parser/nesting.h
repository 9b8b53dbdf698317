#pragma once
// How deep Nix's parser would nest at each point of a text, and where it
// would give up.
//
// Nix's parser (bison) keeps at most 10,000 entries on its stack and fails
// with "memory exhausted" past that: `(` costs one entry per level, `[`
// two, `{ a = ` four, `a: ` two, `if c then x else ` five, `with e; `
// three, `x ++ ` two, `-` one, `"${` two (measured with nix-instantiate
// 2.8, tests/corpus/nesting_nix_test.cpp). The gauge follows the text token
// by token and keeps a count that never exceeds Nix's for valid Nix (so it
// never stops a text Nix reads), and reaches the limit where Nix's does for
// the constructs above.
//
// Why flakewise cares: tree-sitter 0.20.7 (Debian 12) stores a node's child
// count in 16 bits. When error recovery gathers more than 65,535 subtrees
// into one node it corrupts memory and the process dies. A text that nests
// deeper than Nix allows, with an error after it, makes it do that; so does
// a long run of operators without operands (`1 + + + …`), where each one
// extends the same ERROR node. Both count here (a dangling operator is one
// entry, kept until its statement ends), and the parser reads nothing from
// the point where the count passes the limit, as Nix.

//
// Two more limits keep tree-sitter safe and fast where Nix has none:
// - more than kMaxCommentRun comments in a row with no code between them
//   stay on tree-sitter's stack as separate entries (the same crash after an
//   error): the later ones are hidden from the parser (blanked in the text
//   it sees; the user's text is untouched), so they get no comment nodes;
// - tree-sitter-nix's lexer looks for a path at every token, across the
//   whole run of path characters: a run of tokens in one such run
//   (`a.b.c.…`, 20,000 long) takes seconds. The parser stops reading after
//   kMaxRunTokens such tokens.

#include <cstddef>
#include <string_view>
#include <vector>

#include "parser/types.h"

namespace fw {

// Nix's stack limit (YYMAXDEPTH).
inline constexpr std::size_t kMaxNesting = 10000;
inline constexpr std::size_t kMaxCommentRun = 16384;
inline constexpr std::size_t kMaxRunTokens = 4096;

struct NestingScan {
  enum class Why { None, Nesting, LongRun };
  // Where the parser stops reading (npos: nowhere), and why.
  std::size_t stop = std::string_view::npos;
  Why why = Why::None;
  // Comments the parser does not see (past kMaxCommentRun in one run).
  std::vector<ByteRange> hiddenComments;
};

[[nodiscard]] NestingScan scanNesting(std::string_view text);

// scanNesting(text).stop.
[[nodiscard]] std::size_t findTooDeepNesting(std::string_view text);

}  // namespace fw
