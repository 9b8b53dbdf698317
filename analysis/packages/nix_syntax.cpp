#include "analysis/packages/nix_syntax.h"

#include "analysis/attr_names.h"
#include "analysis/syntax_helpers.h"

namespace fw {

std::optional<StringLiteral> stringLiteral(Node n, std::string_view src) {
  const Symbols& s = syms();
  n = unwrapParens(n);
  if (!n) return std::nullopt;
  const std::string_view t = n.text(src);
  if (n.is(s.string_expression)) {
    if (t.size() < 2 || t.front() != '"' || t.back() != '"' || n.hasError()) return std::nullopt;
    bool interpolated = false;
    forEachChild(n, [&](Node c, TSFieldId) {
      interpolated = interpolated || c.is(s.interpolation);
      return !interpolated;
    });
    if (interpolated) return std::nullopt;
    StringLiteral lit;
    lit.content = {n.start() + 1, n.end() - 1};
    const std::string_view inner = t.substr(1, t.size() - 2);
    for (std::size_t i = 0; i < inner.size(); ++i) {
      if (inner[i] != '\\' || i + 1 == inner.size()) {
        lit.value += inner[i];
        continue;
      }
      const char e = inner[++i];
      lit.value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
    }
    return lit;
  }
  if (n.is(s.indented_string_expression)) {
    if (t.size() < 4 || n.hasError()) return std::nullopt;
    std::string_view inner = t.substr(2, t.size() - 4);
    if (inner.find('\n') != std::string_view::npos || inner.find("${") != std::string_view::npos ||
        inner.find("''") != std::string_view::npos)
      return std::nullopt;
    StringLiteral lit;
    lit.content = {n.start() + 2, n.end() - 2};
    while (!inner.empty() && inner.front() == ' ') {
      inner.remove_prefix(1);
      ++lit.content.start;
    }
    lit.value = std::string(inner);
    return lit;
  }
  return std::nullopt;
}

namespace {

void flattenInto(Node set, std::string_view src, std::vector<std::string_view>& prefix,
                 std::vector<ByteRange>& ranges, const std::function<void(const FlatBinding&)>& fn,
                 std::size_t depth) {
  const Symbols& s = syms();
  set = unwrapParens(set);
  const Node bindings = set.is(s.binding_set) ? set : bindingSetOf(set);
  if (!bindings) return;
  forEachChild(bindings, [&](Node b, TSFieldId) {
    if (b.is(s.binding)) {
      const Node attrpath = b.field(fields().attrpath);
      std::vector<std::string_view> names;
      std::vector<ByteRange> nameRanges;
      bool ok = static_cast<bool>(attrpath);
      forEachChild(attrpath, [&](Node a, TSFieldId f) {
        if (f != fields().attr) return true;
        const auto name = staticAttrName(a, src);
        if (!name) {
          ok = false;
          return false;
        }
        names.push_back(*name);
        nameRanges.push_back(a.range());
        return true;
      });
      if (!ok || names.empty()) return true;
      const std::size_t mark = prefix.size();
      prefix.insert(prefix.end(), names.begin(), names.end());
      ranges.insert(ranges.end(), nameRanges.begin(), nameRanges.end());
      const Node value = unwrapParens(b.field(fields().expression));
      if (value && (value.is(s.attrset_expression) || value.is(s.rec_attrset_expression)) && depth > 0) {
        flattenInto(value, src, prefix, ranges, fn, depth - 1);
        // An empty set is a leaf too (`inputs = { };`).
        if (!bindingSetOf(value)) fn(FlatBinding{prefix, ranges, value, b, false, {}});
      } else {
        fn(FlatBinding{prefix, ranges, value, b, false, {}});
      }
      prefix.resize(mark);
      ranges.resize(mark);
    } else if (b.is(s.inherit) || b.is(s.inherit_from)) {
      const Node from = b.is(s.inherit_from) ? b.field(fields().expression) : Node();
      const Node attrs = b.field(fields().attrs);
      forEachChild(attrs, [&](Node a, TSFieldId f) {
        if (f != fields().attr) return true;
        if (auto name = staticAttrName(a, src)) {
          prefix.push_back(*name);
          ranges.push_back(a.range());
          fn(FlatBinding{prefix, ranges, {}, b, true, from});
          prefix.pop_back();
          ranges.pop_back();
        }
        return true;
      });
    }
    return true;
  });
}

}  // namespace

void flattenBindings(Node set, std::string_view src, const std::function<void(const FlatBinding&)>& fn,
                     std::size_t maxDepth) {
  std::vector<std::string_view> prefix;
  std::vector<ByteRange> ranges;
  flattenInto(set, src, prefix, ranges, fn, maxDepth);
}

std::vector<DirectBinding> directBindings(Node set, std::string_view src) {
  std::vector<DirectBinding> out;
  const Symbols& s = syms();
  set = unwrapParens(set);
  const Node bindings = set.is(s.binding_set) ? set : bindingSetOf(set);
  if (!bindings) return out;
  auto seen = [&](std::string_view n) {
    for (const DirectBinding& d : out)
      if (d.name == n) return true;
    return false;
  };
  forEachChild(bindings, [&](Node b, TSFieldId) {
    if (b.is(s.binding)) {
      const Node attrpath = b.field(fields().attrpath);
      const Node first = attrpath ? attrpath.field(fields().attr) : Node();
      const auto name = first ? staticAttrName(first, src) : std::nullopt;
      if (!name || seen(*name)) return true;
      const bool dotted = attrpath.namedChildCount() > 1;
      out.push_back({*name, first.range(), dotted ? Node() : b.field(fields().expression), b});
    } else if (b.is(s.inherit) || b.is(s.inherit_from)) {
      forEachChild(b.field(fields().attrs), [&](Node a, TSFieldId f) {
        if (f != fields().attr) return true;
        if (auto name = staticAttrName(a, src); name && !seen(*name)) out.push_back({*name, a.range(), {}, b});
        return true;
      });
    }
    return true;
  });
  return out;
}

std::optional<DirectBinding> findBinding(Node set, std::string_view name, std::string_view src) {
  for (const DirectBinding& d : directBindings(set, src))
    if (d.name == name) return d;
  return std::nullopt;
}

std::optional<std::string> dottedName(Node e, std::string_view src) {
  const Symbols& s = syms();
  e = unwrapParens(e);
  if (e.is(s.variable_expression)) return std::string(e.text(src));
  if (!e.is(s.select_expression)) return std::nullopt;
  if (e.field(fields().default_)) return std::nullopt;
  auto base = dottedName(e.field(fields().expression), src);
  if (!base) return std::nullopt;
  bool ok = true;
  forEachChild(e.field(fields().attrpath), [&](Node a, TSFieldId f) {
    if (f != fields().attr) return true;
    const auto name = staticAttrName(a, src);
    if (!name) {
      ok = false;
      return false;
    }
    *base += ".";
    *base += *name;
    return true;
  });
  if (!ok) return std::nullopt;
  return base;
}

Node unparen(Node e) { return unwrapParens(e); }

Node argumentSet(Node argument) {
  const Symbols& s = syms();
  Node a = unwrapParens(argument);
  for (int guard = 0; guard < 8 && a; ++guard) {
    if (isSetLiteral(a)) return a;
    if (a.is(s.function_expression)) {  // finalAttrs: { … }
      a = unwrapParens(a.field(fields().body));
      continue;
    }
    if (a.is(s.let_expression) || a.is(s.with_expression) || a.is(s.assert_expression)) {
      a = unwrapParens(a.field(fields().body));
      continue;
    }
    if (a.is(s.binary_expression)) {  // base // { … }
      const Node op = a.field(fields().operator_);
      if (op && op.type() == std::string_view("//")) {
        a = unwrapParens(a.field(fields().right));
        continue;
      }
    }
    break;
  }
  return {};
}

std::vector<Node> listLiteralsOf(Node e) {
  const Symbols& s = syms();
  std::vector<Node> out;
  std::vector<Node> todo{e};
  while (!todo.empty() && out.size() < 64) {
    Node n = unwrapParens(todo.back());
    todo.pop_back();
    if (!n) continue;
    if (n.is(s.list_expression)) {
      out.push_back(n);
    } else if (n.is(s.binary_expression)) {
      const Node op = n.field(fields().operator_);
      if (op && op.type() == std::string_view("++")) {
        todo.push_back(n.field(fields().right));
        todo.push_back(n.field(fields().left));
      }
    } else if (n.is(s.apply_expression)) {
      // lib.optionals cond [ … ]
      todo.push_back(n.field(fields().argument));
    } else if (n.is(s.if_expression)) {
      todo.push_back(n.field(fields().alternative));
      todo.push_back(n.field(fields().consequence));
    }
  }
  return out;
}

std::string indentationAt(std::string_view src, ByteOffset offset) {
  ByteOffset ls = offset;
  while (ls > 0 && src[ls - 1] != '\n' && src[ls - 1] != '\r') --ls;
  ByteOffset e = ls;
  while (e < src.size() && (src[e] == ' ' || src[e] == '\t')) ++e;
  return std::string(src.substr(ls, e - ls));
}

DocumentViewPtr completionView(const DocumentView& view, ByteOffset offset) {
  if (!view.isExact() || !view.full()->root().hasError()) return nullptr;
  const std::string& text = view.full()->text();
  const LineIndex& lines = view.full()->lines();
  const ByteOffset at = std::min<ByteOffset>(offset, static_cast<ByteOffset>(text.size()));
  std::size_t quotes = 0;
  for (ByteOffset i = lines.lineStart(lines.lineOf(at)); i < at; ++i) quotes += text[i] == '"';
  if (quotes % 2 == 1) return nullptr;
  DocumentViewPtr patched =
      DocumentView::exact(SyntaxTree::parse(text.substr(0, at) + "__flakewise_completion = null;" + text.substr(at)));
  if (patched->full()->root().hasError()) return nullptr;
  return patched;
}

}  // namespace fw
