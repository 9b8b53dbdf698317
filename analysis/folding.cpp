#include <algorithm>

#include "analysis/features.h"

namespace fw {

std::vector<FoldingRange> foldingRanges(const SyntaxTree& tree, std::stop_token stop) {
  const Symbols& s = syms();
  const LineIndex& lines = tree.lines();
  const std::string_view src = tree.text();
  std::vector<FoldingRange> out;
  // A run of line comments on consecutive lines folds as one.
  std::uint32_t runStart = 0, runEnd = 0;
  bool inRun = false;
  auto flushRun = [&] {
    if (inRun && runEnd > runStart) out.push_back({runStart, runEnd, FoldingKind::Comment});
    inRun = false;
  };
  std::size_t visited = 0;
  walk(tree.root(), [&](Node n) {
    if ((++visited & 0xFFF) == 0 && stop.stop_requested()) return false;
    const TSSymbol k = n.symbol();
    const std::uint32_t first = lines.lineOf(n.start());
    const std::uint32_t last = lines.lineOf(n.end());
    if (k == s.comment) {
      const std::string_view t = n.text(src);
      if (t.starts_with("#")) {
        if (inRun && first == runEnd + 1) {
          runEnd = first;
        } else {
          flushRun();
          inRun = true;
          runStart = runEnd = first;
        }
      } else if (last > first) {
        flushRun();
        out.push_back({first, last, FoldingKind::Comment});
      }
      return false;
    }
    if (last <= first) return n.childCount() > 0;
    const bool region =
        k == s.attrset_expression || k == s.rec_attrset_expression ||
        k == s.let_attrset_expression || k == s.list_expression || k == s.formals ||
        k == s.parenthesized_expression || k == s.indented_string_expression ||
        k == s.string_expression || k == s.let_expression || k == s.if_expression ||
        k == s.interpolation;
    if (region) {
      std::uint32_t end = last;
      // Keep a closing delimiter that starts its own line visible.
      const std::string_view t = n.text(src);
      const bool closes = t.ends_with("}") || t.ends_with("]") || t.ends_with(")") ||
                          t.ends_with("''") || t.ends_with(";");
      if (closes) {
        // Only when the delimiter is the first thing on its line.
        const ByteOffset ls = lines.lineStart(last);
        std::string_view before = src.substr(ls, n.end() - 1 - ls);
        if (before.find_first_not_of(" \t'") == std::string_view::npos) end = last - 1;
      }
      if (k == s.let_expression) {
        // Fold the bindings, not the body: from `let` to the line before `in`.
        Node bindings;
        forEachChild(n, [&](Node c, TSFieldId) {
          if (c.is(s.binding_set)) bindings = c;
          return !bindings;
        });
        end = bindings ? lines.lineOf(bindings.end()) : first;
      }
      if (end > first) out.push_back({first, end, FoldingKind::Region});
    }
    return n.childCount() > 0;
  });
  flushRun();
  // One fold per start line (the outermost), as clients with
  // lineFoldingOnly keep just one anyway.
  std::stable_sort(out.begin(), out.end(), [](const FoldingRange& a, const FoldingRange& b) {
    return a.startLine != b.startLine ? a.startLine < b.startLine : a.endLine > b.endLine;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const FoldingRange& a, const FoldingRange& b) {
                          return a.startLine == b.startLine;
                        }),
            out.end());
  return out;
}

}  // namespace fw
