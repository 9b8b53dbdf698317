#pragma once
// Semantic tokens: what each token of a file is, for editors that colour
// by meaning rather than by grammar alone. A variable is coloured by what
// it resolves to (a parameter, a let binding holding a function, a
// builtin, a name from `with`), an attribute name by where it stands.
//
// Plain data with byte offsets; the server turns it into LSP's relative
// integer encoding. Every token lies on one line (multi-line comments and
// strings are split), so clients without multilineTokenSupport work.

#include <cstdint>
#include <optional>
#include <span>
#include <stop_token>
#include <string_view>
#include <vector>

#include "analysis/features.h"

namespace fw {

// The legend's token types, in legend order. Only names from LSP's list of
// standard types, so that every client and theme knows them.
enum class TokenType : std::uint8_t {
  Namespace,  // `builtins`
  Parameter,  // formals, lambda arguments, `args@`
  Variable,   // let bindings, rec attributes, names from `with`, undefined names
  Property,   // attribute names in attrpaths and selections
  Function,   // bindings whose value is a function, builtin functions
  Keyword,
  Comment,
  String,  // string text and quotes; paths and URIs (with the `static` modifier)
  Number,
  Regexp,    // escape sequences inside strings (`\n`, `''$`, `'''`)
  Operator,  // arithmetic, logic, `//`, `++`, `?`, `...`
};

// The legend's modifiers, as bits (bit i is legend entry i).
namespace token_mod {
inline constexpr std::uint32_t Declaration = 1u << 0;     // where a name is defined
inline constexpr std::uint32_t Readonly = 1u << 1;        // true, false, null
inline constexpr std::uint32_t Static = 1u << 2;          // path and URI literals
inline constexpr std::uint32_t Deprecated = 1u << 3;      // URL literals
inline constexpr std::uint32_t DefaultLibrary = 1u << 4;  // builtins and global names
}  // namespace token_mod

[[nodiscard]] std::span<const std::string_view> semanticTokenTypeNames();
[[nodiscard]] std::span<const std::string_view> semanticTokenModifierNames();

struct SemanticToken {
  ByteOffset start = 0;
  std::uint32_t length = 0;  // bytes; never crosses a line end
  TokenType type = TokenType::Variable;
  std::uint32_t modifiers = 0;
  friend bool operator==(const SemanticToken&, const SemanticToken&) = default;
};

struct SemanticTokensConfig {
  // Only tokens that overlap this range (whole file when absent).
  std::optional<ByteRange> range;
  std::stop_token stop;
};

// Tokens sorted by position, not overlapping. Iterative: files nested
// 100,000 levels deep are fine. Empty if stopped.
[[nodiscard]] std::vector<SemanticToken> semanticTokens(const FileAnalysis& analysis,
                                                        const SemanticTokensConfig& config = {});

}  // namespace fw
