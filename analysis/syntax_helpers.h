#pragma once
// Small questions about the grammar's nodes that several features ask.

#include "parser/node.h"

namespace fw {

// The binding_set child of a let, attribute set or rec set (null if empty).
[[nodiscard]] inline Node bindingSetOf(Node n) {
  Node set;
  forEachChild(n, [&](Node c, TSFieldId) {
    if (c.is(syms().binding_set)) set = c;
    return !set;
  });
  return set;
}

// Nix sees through parentheses: `({ a = 1; })` is a set literal.
[[nodiscard]] inline Node unwrapParens(Node e) {
  while (e.is(syms().parenthesized_expression)) e = e.field(fields().expression);
  return e;
}

[[nodiscard]] inline bool isSetLiteral(Node e) {
  return e.is(syms().attrset_expression) || e.is(syms().rec_attrset_expression);
}

}  // namespace fw
