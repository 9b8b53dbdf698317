#pragma once
// Same-length normalisations applied to the text before tree-sitter sees it.
//
// tree-sitter-nix 0.0.2 rejects a trailing comma in lambda formals
// (`{ a, b, }: …`), which Nix accepts and RFC 166 formatting produces. We
// hand tree-sitter a copy where such a comma is a space. The length is
// unchanged, so every node range is a range of the user's real text.

#include <string>
#include <string_view>
#include <vector>

#include "parser/types.h"

namespace fw {

// Offsets of commas that end a formals list: a ',' in code (not in a string
// or comment) followed, across whitespace and comments, by '}' and then by
// ':' or '@'. Sorted ascending.
[[nodiscard]] std::vector<ByteOffset> findTrailingFormalCommas(std::string_view text);

// `text` with a space at each of `commas`.
[[nodiscard]] std::string applyNormalisation(std::string_view text,
                                             const std::vector<ByteOffset>& commas);

}  // namespace fw
