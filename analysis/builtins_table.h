#pragma once
// The names Nix provides without any binding: the `builtins` attribute set
// and the global names (true, map, import, …), each with our own short
// documentation for hover and completion. One table, used by name
// resolution (what is defined), lints (unknown-builtin) and features.

#include <span>
#include <string_view>

namespace fw {

struct BuiltinInfo {
  std::string_view name;       // as in builtins.<name>
  std::string_view signature;  // e.g. "map :: (a -> b) -> [a] -> [b]"
  std::string_view doc;        // one or two sentences, our own words
  bool global;                 // also reachable without `builtins.` (map, import, …)
  bool since28;                // present in Nix 2.8 (others came later or need flakes)
};

// Every builtin, sorted by name.
[[nodiscard]] std::span<const BuiltinInfo> builtinTable();
[[nodiscard]] const BuiltinInfo* findBuiltin(std::string_view name);

// Whether a variable name resolves without a binding: a global builtin,
// `builtins`, true/false/null, `__curPos`, or `__<builtin>` aliases.
[[nodiscard]] bool isGlobalName(std::string_view name);

struct KeywordInfo {
  std::string_view keyword;
  std::string_view syntax;  // e.g. "let <bindings> in <expression>"
  std::string_view doc;
};
[[nodiscard]] std::span<const KeywordInfo> keywordTable();
[[nodiscard]] const KeywordInfo* findKeyword(std::string_view keyword);

}  // namespace fw
