#pragma once
// Same-length normalisations applied to the text before tree-sitter sees it.
// The length is unchanged, so every node range is a range of the user's
// real text.
//
// - tree-sitter-nix 0.0.2 rejects a trailing comma in lambda formals
//   (`{ a, b, }: …`), which Nix accepts and RFC 166 formatting produces:
//   such a comma becomes a space.
// - Nix ends a `#` comment at a lone "\r" (old Mac line endings); the
//   grammar only at "\n": a lone "\r" becomes "\n".

#include <string>
#include <string_view>
#include <vector>

#include "parser/types.h"

namespace fw {

// Offsets of commas that end a formals list: a ',' in code (not in a string
// or comment) that follows a formal (not '{', ',' or '...') and is followed,
// across whitespace and comments, by '}' and then by ':' or '@'. Sorted.
[[nodiscard]] std::vector<ByteOffset> findTrailingFormalCommas(std::string_view text);

// The same scan, also collecting the runs of code: the text outside
// strings, comments and URIs (the code inside `${…}` counts as code).
[[nodiscard]] std::vector<ByteOffset> scanNixText(std::string_view text,
                                                  std::vector<ByteRange>* codeRuns);

// Every offset to normalise: trailing formal commas and lone "\r". Sorted.
[[nodiscard]] std::vector<ByteOffset> findNormalisations(std::string_view text);

// `text` with each offset of `at` replaced: ',' by ' ', '\r' by '\n'.
[[nodiscard]] std::string applyNormalisation(std::string_view text,
                                             const std::vector<ByteOffset>& at);

}  // namespace fw
