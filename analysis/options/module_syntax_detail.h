#pragma once
// Helpers shared by module_syntax.cpp and option_context.cpp: how module
// expressions and their definitions are walked. Not an API for others.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/options/module_syntax.h"
#include "parser/node.h"

namespace fw::options::detail {

inline const Symbols& S() { return syms(); }
inline const Fields& F() { return fields(); }

[[nodiscard]] bool isSet(Node e);
// Parentheses, `let … in`, `with …;` and `assert …;` pass their body on.
[[nodiscard]] Node transparent(Node e);
// The names of an attrpath.
[[nodiscard]] SegmentPath segmentsOf(Node attrpath, std::string_view src);
// The operator of a binary expression.
[[nodiscard]] std::string_view operatorOf(Node bin, std::string_view src);
// Whether `n` contains the offset (ends included).
[[nodiscard]] inline bool contains(Node n, ByteOffset o) { return n && n.start() <= o && o <= n.end(); }

// One step of the definitions walk: the expressions inside an expression
// that are definitions too, with the names they add.
struct Child {
  Node expr;          // the value expression (null for inherit)
  SegmentPath added;  // names added to the path
  Node binding;       // the binding it comes from, if any
  Node attrpath;      // that binding's attrpath
};
void definitionChildren(Node given, std::string_view src, std::vector<Child>& out);
// The definitions of a module: (expression, path) pairs to start from.
void definitionRoots(const ModuleSyntax& m, std::string_view src, std::vector<Child>& out);

// The module an expression is, if it has the shape.
[[nodiscard]] std::optional<ModuleSyntax> moduleOf(Node expr, std::string_view src, bool wholeFile);
// Whether a value at `outer` (names of the sets around it) is an inline
// module position.
[[nodiscard]] bool inlineModulePosition(std::span<const std::string> outer, bool listElement);

}  // namespace fw::options::detail
