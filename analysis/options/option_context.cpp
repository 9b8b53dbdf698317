// What is at an offset of a document for option features: a name of a
// definition, a definition's value or a read (optionContextAt), and names
// in declarations (declarationPathAt).

#include <algorithm>

#include "analysis/options/module_syntax.h"
#include "analysis/options/module_syntax_detail.h"
#include "analysis/syntax_helpers.h"
#include "parser/document_view.h"

namespace fw::options {

using namespace detail;

// ------------------------------------------------------------ at an offset

namespace {

// The names of the sets around chain[i] (bindings' attrpaths), for inline
// module detection along a chain.
struct ChainModule {
  std::optional<ModuleSyntax> module;
  std::size_t index = 0;  // chain index of its expression
};

}  // namespace

namespace {

// Whether a syntax error (an ERROR or MISSING node) touches the offset.
bool errorAround(Node root, ByteOffset offset) {
  if (!root || !root.hasError()) return false;
  bool found = false;
  std::vector<Node> stack = {root};
  while (!stack.empty() && !found) {
    Node n = stack.back();
    stack.pop_back();
    if (n.start() > offset + 1 || n.end() + 1 < offset) continue;
    if (n.isError() || n.isMissing()) {
      found = true;
      break;
    }
    if (!n.hasError()) continue;
    forEachChild(n, [&](Node c, TSFieldId) {
      stack.push_back(c);
      return true;
    });
  }
  return found;
}

OptionContext contextIn(const DocumentView& view, ByteOffset offset);

}  // namespace

// Text being typed is rarely valid Nix (`services.foo.|`, `{ po| }`,
// `enable = |;`): where a syntax error touches the offset, the context
// comes from the text with a completion inserted at the offset (a name and
// value, a value, or ` = null;` after a name), the first that parses there.
OptionContext optionContextAt(const DocumentView& view, ByteOffset offset) {
  OptionContext ctx = contextIn(view, offset);
  const SyntaxTreePtr& full = view.full();
  if (!full || !full->parsed() || !errorAround(full->root(), offset)) return ctx;
  const std::string& text = view.text();
  // Each attempt is a full parse (~10 MB/s): not for large files.
  if (offset > text.size() || text.size() > (std::size_t{256} << 10)) return ctx;
  for (const char* patch : {"__fwName = null;", " = null;", "null", "__fwName"}) {
    SyntaxTreePtr patched = SyntaxTree::parse(text.substr(0, offset) + patch + text.substr(offset));
    if (errorAround(patched->root(), offset)) continue;
    const DocumentViewPtr v = DocumentView::exact(patched);
    OptionContext p = contextIn(*v, offset);
    if (p.kind == OptionContext::Kind::None) continue;
    // Nothing of the patch is part of the answer: ranges end at the offset.
    p.valueNode = Node();
    if (p.word.end > offset) p.word.end = offset;
    if (p.word.start > offset) p.word.start = offset;
    if (p.kind == OptionContext::Kind::Read && !p.path.empty() && p.path.back().name.starts_with("__fwName")) {
      p.path.back().name.clear();
    }
    for (PathSegment& s : p.path) {
      if (s.range.end > offset) s.range.end = std::max(s.range.start, offset);
    }
    return p;
  }
  return ctx;
}

namespace {

OptionContext contextIn(const DocumentView& view, ByteOffset offset) {
  OptionContext ctx;
  const std::string& text = view.text();
  const std::string_view src = text;
  const std::vector<Node> chain = view.pathAt(offset);
  if (chain.empty()) return ctx;
  for (const Node& n : chain) {
    if (n.is(S().comment)) return ctx;
  }
  // The innermost module around the offset: the file, or an inline one.
  ChainModule found;
  {
    Node top = chain[0].field(F().expression);
    std::vector<std::string> outer;
    for (std::size_t i = 1; i < chain.size(); ++i) {
      const Node n = chain[i];
      if (i == 1 && n == top) {
        if (auto m = moduleOf(n, src, true)) found = {m, i};
        continue;
      }
      if (n.is(S().binding)) {
        for (const PathSegment& s : segmentsOf(n.field(F().attrpath), src)) outer.push_back(s.name);
        continue;
      }
      // An expression that is the value of the binding before it.
      if (i >= 1 && chain[i - 1].is(S().binding) && chain[i - 1].field(F().expression) == n) {
        if (inlineModulePosition(outer, false) && (n.is(S().attrset_expression) || n.is(S().function_expression) ||
                                                  n.is(S().parenthesized_expression) || n.is(S().let_expression))) {
          if (auto m = moduleOf(n, src, false)) found = {m, i};
        }
        continue;
      }
      if (i >= 1 && chain[i - 1].is(S().list_expression)) {
        if (inlineModulePosition(outer, true)) {
          if (auto m = moduleOf(n, src, false)) found = {m, i};
        }
        outer.clear();
      }
    }
  }
  if (!found.module) return ctx;
  const ModuleSyntax& m = *found.module;

  // Reads: `config.a.b`, `cfg.b`, `options.a.b`, `inherit (cfg) b`: the
  // innermost selection or `inherit (…)` around the offset.
  for (std::size_t i = chain.size(); i-- > 0;) {
    const Node n = chain[i];
    const bool select = n.is(S().select_expression);
    if (!select && !n.is(S().inherit_from)) continue;
    ReadResolver resolver(chain[0], src);
    const std::span<const Node> ancestors(chain.data(), i);
    std::optional<OptionRead> hit;
    resolver.readsOf(n, ancestors, [&](const OptionRead& r) {
      for (std::size_t k = 0; k < r.path.size() && !hit; ++k) {
        const PathSegment& seg = r.path[k];
        if (seg.range.length() == 0 || !(seg.range.start <= offset && offset <= seg.range.end)) continue;
        OptionRead cut = r;
        cut.path.resize(k + 1);
        hit = std::move(cut);
      }
    });
    if (hit) {
      ctx.kind = OptionContext::Kind::Read;
      ctx.word = hit->path.back().range;
      ctx.typed = std::string(src.substr(ctx.word.start, offset - ctx.word.start));
      ctx.options = hit->options;
      ctx.path = std::move(hit->path);
      return ctx;
    }
    break;
  }

  // Definitions: descend from the module's definition roots along the chain.
  std::vector<Child> roots;
  definitionRoots(m, src, roots);
  SegmentPath path;
  Node current;
  // The root that contains the offset.
  auto enter = [&](const std::vector<Child>& children, const SegmentPath& base) -> bool {
    for (const Child& c : children) {
      if (c.attrpath && contains(c.attrpath, offset)) {
        // On a name of the binding: names before it are the set's path.
        SegmentPath p = base;
        for (const PathSegment& s : c.added) {
          if (s.range.start <= offset && offset <= s.range.end) {
            ctx.kind = OptionContext::Kind::Name;
            ctx.path = p;
            ctx.word = s.range;
            ctx.typed = std::string(src.substr(s.range.start, offset - s.range.start));
            return true;
          }
          p.push_back(s);
        }
        // After the last name (`a.b.|`): completing a new name.
        ctx.kind = OptionContext::Kind::Name;
        ctx.path = p;
        ctx.word = {offset, offset};
        return true;
      }
      if (!c.expr && c.binding && contains(c.binding, offset) && !c.added.empty()) {
        // `inherit x;` in definitions: a name.
        const PathSegment& s = c.added.back();
        if (s.range.start <= offset && offset <= s.range.end) {
          ctx.kind = OptionContext::Kind::Name;
          ctx.path = base;
          ctx.word = s.range;
          ctx.typed = std::string(src.substr(s.range.start, offset - s.range.start));
          return true;
        }
      }
      if (c.expr && contains(c.expr, offset)) {
        current = c.expr;
        path = base;
        path.insert(path.end(), c.added.begin(), c.added.end());
        return true;
      }
    }
    return false;
  };
  if (!enter(roots, {})) {
    // In the module body but not in a definition: a shorthand module's
    // body itself is the definitions' set.
    if (!m.explicitForm && contains(m.body, offset)) {
      current = m.body;
      path = {};
    } else {
      return ctx;
    }
  }
  if (ctx.kind != OptionContext::Kind::None) return ctx;
  for (int guard = 0; guard < 1000 && current; ++guard) {
    std::vector<Child> children;
    definitionChildren(current, src, children);
    Node before = current;
    current = Node();
    if (enter(children, path)) {
      if (ctx.kind != OptionContext::Kind::None) return ctx;
      continue;
    }
    // Not inside a child: the offset is in `before` itself.
    Node e = transparent(before);
    if (isSet(e)) {
      // Between bindings of a set: a new name.
      Node set = bindingSetOf(e);
      if (set && contains(set, offset)) {
        // Inside a binding that is not a definition child (e.g. broken).
        Node innermost;
        forEachChild(set, [&](Node b, TSFieldId) {
          if (contains(b, offset)) innermost = b;
          return !innermost;
        });
        if (innermost && !innermost.is(S().binding) && !innermost.isError()) return ctx;
      }
      // Must be inside the braces.
      if (offset <= e.start() || offset >= e.end()) return ctx;
      ByteOffset start = offset;
      while (start > 0 && (std::isalnum(static_cast<unsigned char>(src[start - 1])) || src[start - 1] == '_' ||
                           src[start - 1] == '-' || src[start - 1] == '\''))
        --start;
      ctx.kind = OptionContext::Kind::Name;
      ctx.path = path;
      ctx.word = {start, offset};
      ctx.typed = std::string(src.substr(start, offset - start));
      return ctx;
    }
    // In a value: literals, selections, calls of unknown functions…
    ctx.kind = OptionContext::Kind::Value;
    ctx.path = path;
    ctx.valueNode = e;
    return ctx;
  }
  return ctx;
}

}  // namespace

// ------------------------------------------------------------ declarations

namespace {

// `e` declares options at `base`: the path of the name at the offset.
std::optional<SegmentPath> declarationIn(Node e, const SegmentPath& base, std::string_view src, ByteOffset offset,
                                         int depth) {
  e = transparent(e);
  if (!e || depth > 64 || !contains(e, offset)) return std::nullopt;
  if (e.is(S().binary_expression) && operatorOf(e, src) == "//") {
    if (auto p = declarationIn(e.field(F().left), base, src, offset, depth + 1)) return p;
    return declarationIn(e.field(F().right), base, src, offset, depth + 1);
  }
  if (!isSet(e)) return std::nullopt;
  Node set = bindingSetOf(e);
  if (!set) return std::nullopt;
  std::optional<SegmentPath> found;
  forEachChild(set, [&](Node b, TSFieldId) {
    if (!b.is(S().binding) || !contains(b, offset)) return true;
    SegmentPath path = base;
    for (const PathSegment& seg : segmentsOf(b.field(F().attrpath), src)) {
      path.push_back(seg);
      if (seg.range.start <= offset && offset <= seg.range.end) {
        found = std::move(path);
        return false;
      }
    }
    found = declarationIn(b.field(F().expression), path, src, offset, depth + 1);
    return false;
  });
  return found;
}

}  // namespace

std::optional<SegmentPath> declarationPathAt(const SyntaxTree& tree, ByteOffset offset) {
  if (!tree.parsed()) return std::nullopt;
  const std::string_view src = tree.text();
  std::optional<SegmentPath> found;
  for (const ModuleSyntax& m : findModules(tree.root(), src)) {
    if (!contains(m.body, offset)) continue;
    Node set = bindingSetOf(m.body);
    if (!set) continue;
    forEachChild(set, [&](Node b, TSFieldId) {
      if (!b.is(S().binding) || !contains(b, offset)) return true;
      SegmentPath segs = segmentsOf(b.field(F().attrpath), src);
      if (segs.empty() || segs[0].name != "options") return true;
      SegmentPath path;
      for (std::size_t i = 1; i < segs.size(); ++i) {
        path.push_back(segs[i]);
        if (segs[i].range.start <= offset && offset <= segs[i].range.end) {
          found = std::move(path);
          return false;
        }
      }
      if (auto p = declarationIn(b.field(F().expression), path, src, offset, 0)) found = std::move(p);
      return false;
    });
  }
  return found;
}

}  // namespace fw::options
