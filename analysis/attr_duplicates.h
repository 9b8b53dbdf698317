#pragma once
// duplicate-attribute: what Nix's parser rejects as "attribute 'x' already
// defined", decided the way Nix decides it. Paths merge (`a.b = 1; a.c =
// 2;`), a path may extend an attribute-set literal (`a = { b = 1; }; a.c =
// 2;`) and two literals merge (`a = { b = 1; }; a = { c = 2; };`), but a
// name defined by another kind of value, or inherited, cannot be extended.

#include <memory>
#include <vector>

#include "parser/syntax_tree.h"

namespace fw {

// Driven by a tree walk: enterSet at each binding_set (of an attribute
// set, rec set or let), add for each of its bindings and inherits, in
// order, exitSet when the walk leaves it. Sets nest.
class DuplicateAttributeChecker {
 public:
  DuplicateAttributeChecker(const SyntaxTree& tree, std::vector<Diagnostic>& out);
  ~DuplicateAttributeChecker();
  void enterSet();
  void add(Node bindingOrInherit);
  void exitSet();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fw
