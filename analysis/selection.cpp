#include <algorithm>

#include "analysis/features.h"

namespace fw {

std::vector<ByteRange> selectionRanges(const SyntaxTree& tree, ByteOffset offset) {
  // Walk down from the root with a cursor, collecting the chain of nodes
  // that contain the offset (ts_node_parent is O(depth) per step).
  std::vector<ByteRange> chain;
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree.tree()));
  for (;;) {
    const Node n(ts_tree_cursor_current_node(&c));
    if (chain.empty() || !(chain.back() == n.range())) chain.push_back(n.range());
    // Prefer the child that contains the offset; but at a boundary between
    // a word and punctuation (`x|;`), the word that ends at the cursor.
    if (!ts_tree_cursor_goto_first_child(&c)) break;
    std::uint32_t index = 0, containing = UINT32_MAX, ending = UINT32_MAX;
    bool containingIsPunct = false;
    do {
      const Node k(ts_tree_cursor_current_node(&c));
      if (k.end() == offset && k.range().length() > 0) ending = index;
      if (k.range().contains(offset)) {
        containing = index;
        containingIsPunct = !k.isNamed();
        break;
      }
      ++index;
    } while (ts_tree_cursor_goto_next_sibling(&c));
    const bool found = containing != UINT32_MAX || ending != UINT32_MAX;
    if (found && ending != UINT32_MAX && (containing == UINT32_MAX || containingIsPunct)) {
      ts_tree_cursor_goto_parent(&c);
      ts_tree_cursor_goto_first_child(&c);
      for (std::uint32_t i = 0; i < ending; ++i) ts_tree_cursor_goto_next_sibling(&c);
    }
    if (!found) break;
  }
  ts_tree_cursor_delete(&c);
  std::reverse(chain.begin(), chain.end());
  if (chain.size() > kMaxSelectionDepth) chain.resize(kMaxSelectionDepth);
  return chain;
}

}  // namespace fw
