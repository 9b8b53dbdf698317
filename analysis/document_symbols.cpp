#include <algorithm>

#include "analysis/features.h"

namespace fw {

namespace {

std::string compact(std::string_view text) {
  // Attribute paths may span lines (`a .\n b`); show them on one.
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty() && out.back() != '.' && c != '.') out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Kind and a short detail for a binding's value.
void describeValue(Node value, std::string_view src, SymbolKind fallback, SymbolKind& kind,
                   std::string& detail) {
  const Symbols& s = syms();
  kind = fallback;
  if (!value) return;
  const TSSymbol v = value.symbol();
  if (v == s.attrset_expression || v == s.rec_attrset_expression ||
      v == s.let_attrset_expression) {
    kind = SymbolKind::Namespace;
    detail = v == s.rec_attrset_expression ? "rec { }" : "{ }";
  } else if (v == s.function_expression) {
    kind = SymbolKind::Function;
    detail = "function";
  } else if (v == s.list_expression) {
    kind = SymbolKind::Array;
    detail = "[ ]";
  } else if (v == s.string_expression || v == s.indented_string_expression) {
    kind = SymbolKind::String;
    const std::string_view t = value.text(src);
    if (t.size() <= 60 && t.find('\n') == std::string_view::npos) detail = std::string(t);
  } else if (v == s.integer_expression || v == s.float_expression) {
    kind = SymbolKind::Number;
    detail = std::string(value.text(src));
  } else if (v == s.path_expression || v == s.hpath_expression || v == s.spath_expression) {
    kind = SymbolKind::File;
    detail = std::string(value.text(src).substr(0, 60));
  } else if (v == s.variable_expression) {
    const std::string_view t = value.text(src);
    if (t == "true" || t == "false") {
      kind = SymbolKind::Boolean;
      detail = std::string(t);
    } else if (t == "null") {
      kind = SymbolKind::Null;
      detail = "null";
    }
  }
}

struct Flat {
  DocumentSymbol sym;
  std::ptrdiff_t parent;  // index into flat, -1 for top level
};

}  // namespace

std::vector<DocumentSymbol> documentSymbols(const SyntaxTree& tree, std::stop_token stop) {
  const Symbols& s = syms();
  const Fields& f = fields();
  const std::string_view src = tree.text();
  std::vector<Flat> flat;
  // Open symbols: (index into flat, depth of its node in the walk).
  struct Open {
    std::size_t index;
    std::size_t depth;
  };
  std::vector<Open> open;
  std::size_t visited = 0;

  auto add = [&](DocumentSymbol sym, std::size_t depth, bool opens) {
    while (!open.empty() && open.back().depth >= depth) open.pop_back();
    std::ptrdiff_t parent = -1;
    if (!open.empty()) {
      // Past the depth cap, new symbols join the deepest allowed parent.
      const std::size_t level = std::min(open.size(), kMaxSymbolDepth - 1);
      parent = static_cast<std::ptrdiff_t>(open[level - 1].index);
    }
    flat.push_back({std::move(sym), parent});
    if (opens) open.push_back({flat.size() - 1, depth});
  };

  walkWithAncestors(tree.root(), [&](Node n, std::span<const Node> anc) {
    if ((++visited & 0xFFF) == 0 && stop.stop_requested()) return false;
    const std::size_t depth = anc.size();
    const TSSymbol k = n.symbol();
    // Close symbols whose subtree we have left.
    while (!open.empty() && open.back().depth >= depth) open.pop_back();
    const bool inLet = !anc.empty() && anc.back().is(s.binding_set) && anc.size() >= 2 &&
                       anc[anc.size() - 2].is(s.let_expression);
    if (k == s.binding) {
      const Node path = n.field(f.attrpath);
      if (!path) return true;
      DocumentSymbol sym;
      sym.name = compact(path.text(src));
      sym.range = n.range();
      sym.selection = path.range();
      describeValue(n.field(f.expression), src, inLet ? SymbolKind::Variable : SymbolKind::Field,
                    sym.kind, sym.detail);
      add(std::move(sym), depth, true);
      return true;
    }
    if (k == s.inherit || k == s.inherit_from) {
      std::string from;
      if (k == s.inherit_from) {
        if (const Node e = n.field(f.expression)) from = "inherit (" + compact(e.text(src)) + ")";
      } else {
        from = "inherit";
      }
      if (from.size() > 60) from = from.substr(0, 57) + "...";
      const Node attrs = n.field(f.attrs);
      if (!attrs) return false;
      forEachChild(attrs, [&](Node a, TSFieldId) {
        if (!a.isNamed() || a.isMissing() || a.range().length() == 0) return true;
        DocumentSymbol sym;
        sym.name = std::string(a.text(src));
        sym.detail = from;
        sym.kind = inLet ? SymbolKind::Variable : SymbolKind::Field;
        sym.range = a.range();
        sym.selection = a.range();
        add(std::move(sym), depth, false);
        return true;
      });
      // The inherit-from expression may hold symbols of its own.
      return k == s.inherit_from;
    }
    if (k == s.function_expression) {
      if (const Node u = n.field(f.universal)) {
        DocumentSymbol sym;
        sym.name = std::string(u.text(src));
        sym.detail = "argument";
        sym.kind = SymbolKind::Variable;
        sym.range = u.range();
        sym.selection = u.range();
        add(std::move(sym), depth + 1, false);
      }
      return true;
    }
    if (k == s.formal) {
      const Node name = n.field(f.name);
      if (!name || name.isMissing()) return true;
      DocumentSymbol sym;
      sym.name = std::string(name.text(src));
      sym.kind = SymbolKind::Variable;
      sym.range = n.range();
      sym.selection = name.range();
      if (const Node d = n.field(f.default_)) {
        const std::string def = compact(d.text(src));
        sym.detail = def.size() <= 40 ? "argument ? " + def : "argument with default";
      } else {
        sym.detail = "argument";
      }
      add(std::move(sym), depth, true);
      return true;
    }
    // Leaves and strings cannot hold bindings... except through
    // interpolations, which are expressions: keep descending into those.
    return n.childCount() > 0 && k != s.comment;
  });
  if (stop.stop_requested()) return {};

  // Assemble the hierarchy: children follow their parent in `flat`, so a
  // backwards pass can move each symbol into its parent.
  std::vector<DocumentSymbol> top;
  for (std::size_t i = flat.size(); i-- > 0;) {
    if (flat[i].parent < 0) {
      top.push_back(std::move(flat[i].sym));
    } else {
      flat[static_cast<std::size_t>(flat[i].parent)].sym.children.push_back(std::move(flat[i].sym));
    }
  }
  // Children were collected in reverse.
  std::vector<DocumentSymbol*> work;
  for (auto& t : top) work.push_back(&t);
  while (!work.empty()) {
    DocumentSymbol* d = work.back();
    work.pop_back();
    std::reverse(d->children.begin(), d->children.end());
    for (auto& c : d->children) work.push_back(&c);
  }
  std::reverse(top.begin(), top.end());
  return top;
}

}  // namespace fw
