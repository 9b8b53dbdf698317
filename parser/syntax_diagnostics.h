#pragma once
// Syntax errors from a tree's ERROR and MISSING nodes, with messages a
// person can act on and ranges as tight as the tree allows. Code:
// "syntax-error". Also warns about text that is not valid UTF-8
// ("invalid-utf8") and about a NUL byte, after which Nix reads nothing
// ("nul-byte"), and where the parser stops reading for its own limits
// ("parse-limit", parser/nesting.h).

#include <vector>

#include "parser/syntax_tree.h"

namespace fw {

inline constexpr const char* kSyntaxError = "syntax-error";
inline constexpr const char* kInvalidUtf8 = "invalid-utf8";
inline constexpr const char* kNulByte = "nul-byte";
inline constexpr const char* kParseLimit = "parse-limit";

[[nodiscard]] std::vector<Diagnostic> syntaxDiagnostics(const SyntaxTree& tree);

}  // namespace fw
