#pragma once
// Statically following what an expression evaluates to, as far as syntax
// alone can tell: through parentheses, `let … in` and `with …;` bodies,
// `import ./file.nix` (into that file) and `import ./file.nix args` or an
// applied literal function (into its body). Used by definition, hover and
// completion to see into attribute sets, also in other files.

#include <optional>
#include <string_view>
#include <vector>

#include "analysis/context.h"

namespace fw {

// A node and the file it lives in. tree == nullptr: the document being
// edited (whose text callers pass as `docSrc`).
struct Located {
  Node node;
  SyntaxTreePtr tree;
  std::string file;

  [[nodiscard]] std::string_view src(std::string_view docSrc) const {
    return tree ? std::string_view(tree->text()) : docSrc;
  }
  explicit operator bool() const { return !node.isNull(); }
};

[[nodiscard]] Located followValue(Located v, std::string_view docSrc, const FeatureContext& ctx);

struct AttrHit {
  Located name;   // the attribute's name node where it is defined
  Located value;  // its value, when the binding ends there
};
// names[0..] inside the set `set` evaluates to (dotted bindings and nested
// literals followed, imports too).
[[nodiscard]] std::optional<AttrHit> findAttrIn(Located set, const std::vector<std::string_view>& names,
                                                std::string_view docSrc, const FeatureContext& ctx);

// The attributes of the set at `path` inside `set`: name -> value (the
// value is null for implicit sets and inherited names).
void listAttrs(Located set, const std::vector<std::string_view>& path, std::string_view docSrc,
               const FeatureContext& ctx, std::vector<std::pair<std::string_view, Located>>& out);

// The file `import`/`callPackage` of a path literal would read, or nullopt.
[[nodiscard]] std::optional<std::string> resolvePathLiteral(std::string_view literal,
                                                            const FeatureContext& ctx);

}  // namespace fw
