#pragma once
// The built-in Nix formatter (RFC 166 / nixfmt style; docs/FORMATTING.md
// describes it). Works from a SyntaxTree; knows nothing of LSP or files.
//
// Guarantees (tested on every file of the corpora): the result parses
// without errors, means what the input meant (`nix-instantiate --parse`
// prints the same), and formatting it again changes nothing. Strings,
// indented strings and `# flakewise: off` regions are kept byte for byte;
// comments stay between the same tokens.

#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "parser/syntax_tree.h"

namespace fw {

struct FormatOptions {
  std::uint32_t indentWidth = 2;  // 1..16
  std::uint32_t lineWidth = 100;  // 20..1000
};

// Nesting deeper than this (in expressions) is refused rather than risking
// the stack: kMaxFormatDepth levels of brackets are far beyond real code.
inline constexpr std::uint32_t kMaxFormatDepth = 1000;

struct FormatResult {
  // Set when formatting was refused (syntax errors, nesting too deep, a
  // NUL byte, cancelled); `text` is then empty.
  std::optional<std::string> error;
  std::string text;
};

// Formats a whole file.
[[nodiscard]] FormatResult formatDocument(const SyntaxTree& tree, const FormatOptions& options = {},
                                          std::stop_token stop = {});

struct RangeFormatResult {
  std::optional<std::string> error;  // nothing could be formatted, and why
  std::vector<TextEdit> edits;       // minimal edits, sorted, not overlapping
};

// Formats the smallest whole bindings (or list elements, or the whole
// expression) that enclose `range`; the rest of the text is untouched.
// Works in files with syntax errors as long as those units have none.
[[nodiscard]] RangeFormatResult formatRange(const SyntaxTree& tree, ByteRange range,
                                            const FormatOptions& options = {});

// After the user typed `ch` (';' or '}') ending at `offset`: formats the
// binding or expression that character completed. No edits when there is
// nothing to do or the code around is broken.
[[nodiscard]] RangeFormatResult formatOnType(const SyntaxTree& tree, ByteOffset offset, char ch,
                                             const FormatOptions& options = {});

// Minimal edits that turn `before` into `after`: a diff over words and
// whitespace runs, so that a reformatting touches only what changed.
[[nodiscard]] std::vector<TextEdit> diffEdits(std::string_view before, std::string_view after);

// Applies sorted, non-overlapping edits.
[[nodiscard]] std::string applyEdits(std::string_view text, const std::vector<TextEdit>& edits);

// A unified diff (as `diff -u`) of two texts, with `path` in the headers;
// empty when they are equal.
[[nodiscard]] std::string unifiedDiff(std::string_view before, std::string_view after,
                                      std::string_view oldPath, std::string_view newPath,
                                      int context = 3);

}  // namespace fw
