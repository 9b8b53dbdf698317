#pragma once
// What each scope-introducing node defines, and name resolution from a
// chain of enclosing nodes. Shared by the whole-file SemanticModel and by
// position features (hover, definition, completion) that work from the
// nodes around the cursor, so that both resolve names the same way.

#include <functional>
#include <optional>
#include <span>
#include <string_view>

#include "analysis/semantic.h"

namespace fw {

struct ScopeDef {
  std::string_view name;
  ByteRange nameRange;
  DefKind kind = DefKind::LetBinding;
  Node node;   // binding, formal, inherit or identifier
  Node value;  // value expression, if any (a nested `a.b = v` has none)
  Node inheritFrom;
  bool inheritOuter = false;
};

// The kind of scope a node introduces, if any. A `with` scope covers only
// the with's body; callers check that the position is in it.
[[nodiscard]] std::optional<ScopeKind> scopeKindOf(Node n);

// Calls fn for each name `scopeNode` defines, first definition of each
// name only, in source order. For let / rec / `let { }` and functions.
void forEachScopeDefinition(Node scopeNode, std::string_view src,
                            const std::function<void(const ScopeDef&)>& fn);

struct Resolution {
  enum class Kind { Definition, Global, With, Undefined } kind = Kind::Undefined;
  ScopeDef def;     // Definition
  Node scopeNode;   // Definition: the node that defines it
  Node withNode;    // With: the innermost with_expression around the name
};

// Resolves `name` used at the end of `path` (root first, the name's own
// node last). `inheritAttr`: the name is an attribute of `inherit a;`,
// which in let/rec refers to the scope outside.
[[nodiscard]] Resolution resolveName(std::span<const Node> path, std::string_view name,
                                     std::string_view src, bool inheritAttr = false);

}  // namespace fw
