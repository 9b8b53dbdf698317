#include <algorithm>

#include "analysis/features.h"

namespace fw {

std::vector<ByteRange> selectionRanges(const DocumentView& view, ByteOffset offset) {
  const std::vector<Node> path = view.pathAt(offset);
  std::vector<ByteRange> chain;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    if (chain.empty() || !(chain.back() == it->range())) chain.push_back(it->range());
    if (chain.size() == kMaxSelectionDepth) break;
  }
  return chain;
}

}  // namespace fw
