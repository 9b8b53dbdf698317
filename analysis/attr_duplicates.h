#pragma once
// How Nix builds one attribute set (or let) from its bindings, the way its
// parser does: dotted paths merge (`a.b = 1; a.c = 2;`), a path may extend
// an attribute-set literal (`a = { b = 1; }; a.c = 2;`) and two literals
// merge (`a = { b = 1; }; a = { c = 2; };`), while a name defined by another
// kind of value, or inherited, cannot be extended.
//
// Two results:
// - duplicate-attribute diagnostics ("attribute 'x' already defined"),
//   placed where Nix places them;
// - the scoping consequences: attributes added to a literal from outside
//   belong to that literal, so when it is `rec` they are in its scope and
//   their values see its names (`v = rec { major = "2"; }; v.full =
//   "${major}";` is fine in Nix), and a `rec` literal merged into another
//   set loses its `rec`.

#include <unordered_map>
#include <vector>

#include "parser/syntax_tree.h"

namespace fw {

struct ExtraAttr {
  std::string_view name;
  ByteRange nameRange;  // where the outside binding names it
  Node binding;         // that binding
  Node value;           // its value, when the name is the path's last
};

struct MergePlan {
  // Literal (by TSNode id) -> attributes other bindings add to it.
  std::unordered_map<const void*, std::vector<ExtraAttr>> extras;
  // Binding -> the literals its value lands in, outermost first.
  std::unordered_map<const void*, std::vector<Node>> valueScopes;
  // Literal merged into an earlier definition of the same name -> the set
  // it joins (null when that set was created by a path: not a literal).
  std::unordered_map<const void*, Node> mergedInto;
};

// Plans one binding_set (of an attribute set, rec set or let); appends
// diagnostics and plan entries.
void planBindingSet(const SyntaxTree& tree, Node bindingSet, std::vector<Diagnostic>& out,
                    MergePlan& plan);

}  // namespace fw
