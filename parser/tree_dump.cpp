#include "parser/tree_dump.h"

#include <vector>

namespace fw {

std::string dumpTree(const SyntaxTree& st, const DumpOptions& opts) {
  std::string out;
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(st.tree()));
  // One entry per cursor level: was the node printed, is it an ERROR.
  struct Level {
    bool shown;
    bool error;
  };
  std::vector<Level> levels;
  std::size_t depth = 0;  // printed ancestors
  for (;;) {
    const Node n(ts_tree_cursor_current_node(&c));
    const bool parentError = !levels.empty() && levels.back().error;
    // Tokens are shown inside ERROR nodes: they are what went wrong.
    const bool show = opts.anonymous || n.isNamed() || n.isMissing() || parentError;
    if (show) {
      out.append(depth * 2, ' ');
      if (const char* f = ts_tree_cursor_current_field_name(&c)) {
        out += f;
        out += ": ";
      }
      if (n.isMissing()) out += "MISSING ";
      if (n.isNamed()) {
        out += n.isError() ? "ERROR" : n.type();
      } else {
        out += '"';
        out += n.type();
        out += '"';
      }
      if (opts.ranges) {
        const TSPoint s = ts_node_start_point(n.raw()), e = ts_node_end_point(n.raw());
        out += " [" + std::to_string(s.row) + ":" + std::to_string(s.column) + "-" +
               std::to_string(e.row) + ":" + std::to_string(e.column) + "]";
      }
      if (opts.bytes) {
        out += " <" + std::to_string(n.start()) + "," + std::to_string(n.end()) + ">";
      }
      out += '\n';
    }
    if (ts_tree_cursor_goto_first_child(&c)) {
      levels.push_back({show, n.isError()});
      if (show) ++depth;
      continue;
    }
    bool done = false;
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (!ts_tree_cursor_goto_parent(&c)) {
        done = true;
        break;
      }
      if (levels.back().shown) --depth;
      levels.pop_back();
    }
    if (done) break;
  }
  ts_tree_cursor_delete(&c);
  return out;
}

}  // namespace fw
