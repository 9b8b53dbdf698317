#pragma once
// A readable, deterministic dump of a syntax tree for golden files, tests
// and `flakewise parse`. Iterative: safe on deeply nested input.

#include <string>

#include "parser/syntax_tree.h"

namespace fw {

struct DumpOptions {
  bool anonymous = false;  // include tokens such as ";" and "{"
  bool ranges = true;      // [row:col-row:col] in tree-sitter points
  bool bytes = false;      // also byte offsets
};

[[nodiscard]] std::string dumpTree(const SyntaxTree& tree, const DumpOptions& opts = {});

}  // namespace fw
