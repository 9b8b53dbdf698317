#pragma once
// The text of string literals as Nix's lexer reads it: escapes in "..."
// strings, escapes and indentation stripping in ''...'' strings. tree-sitter
// tells where the interpolations are; the bytes between them are decoded
// here with Nix's rules (the grammar's own token split differs from Nix's
// in ways that change the result of indentation stripping).

#include <string>
#include <vector>

#include "parser/node.h"

namespace fw::eval {

// A literal piece of text or an interpolation node (its `expression`).
struct StringPart {
  std::string text;
  Node interpolation;  // null for text
};

// Parts of a string_expression, adjacent text merged, empty text dropped.
[[nodiscard]] std::vector<StringPart> decodeString(Node node, std::string_view src);

// Parts of an indented_string_expression after indentation stripping.
[[nodiscard]] std::vector<StringPart> decodeIndentedString(Node node, std::string_view src);

}  // namespace fw::eval
