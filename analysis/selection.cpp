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
    // Prefer the child that contains the offset; at a boundary between two
    // tokens (`a|;`) the one that ends at the cursor.
    if (!ts_tree_cursor_goto_first_child(&c)) break;
    bool found = false;
    do {
      const Node k(ts_tree_cursor_current_node(&c));
      if (k.range().contains(offset)) {
        found = true;
        break;
      }
    } while (ts_tree_cursor_goto_next_sibling(&c));
    if (!found) {
      // Retry for a child that ends exactly at the offset.
      ts_tree_cursor_goto_parent(&c);
      ts_tree_cursor_goto_first_child(&c);
      do {
        const Node k(ts_tree_cursor_current_node(&c));
        if (k.end() == offset && k.range().length() > 0) {
          found = true;
          break;
        }
      } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    if (!found) break;
  }
  ts_tree_cursor_delete(&c);
  std::reverse(chain.begin(), chain.end());
  if (chain.size() > kMaxSelectionDepth) chain.resize(kMaxSelectionDepth);
  return chain;
}

}  // namespace fw
