#include "analysis/options/module_syntax.h"

#include <algorithm>
#include <set>

#include "analysis/attr_names.h"
#include "analysis/scopes.h"
#include "analysis/syntax_helpers.h"

namespace fw::options {

namespace {

const Symbols& S() { return syms(); }
const Fields& F() { return fields(); }

bool isSet(Node e) { return isSetLiteral(e); }

// Parentheses, `let … in`, `with …;` and `assert …;` pass their body on.
Node transparent(Node e) {
  for (int i = 0; i < 10000 && e; ++i) {
    if (e.is(S().parenthesized_expression)) e = e.field(F().expression);
    else if (e.is(S().let_expression) || e.is(S().with_expression) || e.is(S().assert_expression))
      e = e.field(F().body);
    else break;
  }
  return e;
}

const std::set<std::string, std::less<>>& moduleArgNames() {
  static const std::set<std::string, std::less<>> names = {
      "config", "options", "lib", "pkgs", "modulesPath", "name", "nodes", "utils", "inputs", "self",
      "specialArgs", "osConfig", "nixosConfig", "darwinConfig", "extendModules", "moduleType",
      "baseModules", "_class", "inputs'", "self'", "system", "perSystem", "getSystem", "withSystem",
      "moduleWithSystem", "flake-parts-lib", "pkgs'", "noUserModules", "_prefix"};
  return names;
}

// The name of a binding's single attrpath segment list.
SegmentPath segmentsOf(Node attrpath, std::string_view src) {
  SegmentPath out;
  forEachChild(attrpath, [&](Node c, TSFieldId f) {
    if (f != F().attr) return true;
    PathSegment seg;
    seg.range = c.range();
    if (auto n = staticAttrName(c, src)) {
      seg.name = std::string(*n);
    } else {
      seg.name = "<dynamic>";
      seg.dynamic = true;
    }
    out.push_back(std::move(seg));
    return true;
  });
  return out;
}

// The callee's last name and the arguments of `f a b …`.
std::string calleeOf(Node e, std::string_view src, std::vector<Node>& args) {
  while (e.is(S().apply_expression)) {
    args.insert(args.begin(), e.field(F().argument));
    e = unwrapParens(e.field(F().function));
  }
  if (e.is(S().variable_expression)) return std::string(e.field(F().name).text(src));
  if (e.is(S().select_expression)) {
    Node path = e.field(F().attrpath);
    std::string last;
    forEachChild(path, [&](Node c, TSFieldId f) {
      if (f == F().attr) last = std::string(staticAttrName(c, src).value_or(""));
      return true;
    });
    return last;
  }
  return {};
}

// Wrappers around a definition's content: how many arguments they take and
// which one is the content.
struct Wrapper {
  std::string_view name;
  std::size_t arity;
};
constexpr Wrapper kWrappers[] = {
    {"mkIf", 2}, {"mkDefault", 1}, {"mkForce", 1}, {"mkOverride", 2}, {"mkOptionDefault", 1},
    {"mkVMOverride", 1}, {"mkImageMediaOverride", 1}, {"mkBefore", 1}, {"mkAfter", 1}, {"mkOrder", 2},
    {"mkFixStrictness", 1}, {"mkAssert", 3}, {"mkMerge", 1}};

const Wrapper* wrapperOf(std::string_view name) {
  for (const Wrapper& w : kWrappers)
    if (w.name == name) return &w;
  return nullptr;
}

std::string_view operatorOf(Node bin, std::string_view src) {
  Node op = bin.field(F().operator_);
  return op ? op.text(src) : std::string_view();
}

// One step of the definitions walk: the expressions inside `e` that are
// definitions too, with the names they add.
struct Child {
  Node expr;          // the value expression (null for inherit)
  SegmentPath added;  // names added to the path
  Node binding;       // the binding it comes from, if any
  Node attrpath;      // that binding's attrpath
};

void definitionChildren(Node given, std::string_view src, std::vector<Child>& out) {
  Node e = transparent(given);
  if (!e) return;
  if (isSet(e)) {
    Node set = bindingSetOf(e);
    if (!set) return;
    forEachChild(set, [&](Node b, TSFieldId) {
      if (b.is(S().binding)) {
        Node ap = b.field(F().attrpath);
        out.push_back({b.field(F().expression), segmentsOf(ap, src), b, ap});
      } else if (b.is(S().inherit) || b.is(S().inherit_from)) {
        Node attrs = b.field(F().attrs);
        forEachChild(attrs, [&](Node a, TSFieldId) {
          if (!a.isNamed()) return true;
          PathSegment seg;
          seg.range = a.range();
          if (auto n = staticAttrName(a, src)) seg.name = std::string(*n);
          else return true;
          out.push_back({Node(), {seg}, b, Node()});
          return true;
        });
      }
      return true;
    });
    return;
  }
  if (e.is(S().apply_expression)) {
    std::vector<Node> args;
    const std::string callee = calleeOf(e, src, args);
    const Wrapper* w = wrapperOf(callee);
    if (!w || args.size() != w->arity) return;
    Node content = args.back();
    if (w->name == "mkMerge") {
      Node list = transparent(content);
      if (!list.is(S().list_expression)) return;
      forEachChild(list, [&](Node el, TSFieldId f) {
        if (f == F().element) out.push_back({el, {}, Node(), Node()});
        return true;
      });
      return;
    }
    out.push_back({content, {}, Node(), Node()});
    return;
  }
  if (e.is(S().if_expression)) {
    out.push_back({e.field(F().consequence), {}, Node(), Node()});
    out.push_back({e.field(F().alternative), {}, Node(), Node()});
    return;
  }
  if (e.is(S().binary_expression) && operatorOf(e, src) == "//") {
    out.push_back({e.field(F().left), {}, Node(), Node()});
    out.push_back({e.field(F().right), {}, Node(), Node()});
    return;
  }
  if (e.is(S().list_expression)) {
    forEachChild(e, [&](Node el, TSFieldId f) {
      if (f == F().element) out.push_back({el, {{"*", {}, false}}, Node(), Node()});
      return true;
    });
    return;
  }
  if (e.is(S().function_expression)) {
    out.push_back({e.field(F().body), {}, Node(), Node()});
    return;
  }
}

// The module a function or set expression is, if it has the shape.
std::optional<ModuleSyntax> moduleOf(Node expr, std::string_view src, bool wholeFile) {
  ModuleSyntax m;
  m.expr = expr;
  m.wholeFile = wholeFile;
  Node e = transparent(expr);
  if (e.is(S().function_expression)) {
    m.function = e;
    Node formals = e.field(F().formals);
    bool ellipsis = false;
    bool allModuleArgs = true;
    bool strongArg = false;
    if (formals) {
      forEachChild(formals, [&](Node f, TSFieldId field) {
        if (field == F().ellipses) ellipsis = true;
        if (field != F().formal) return true;
        const std::string_view name = f.field(F().name).text(src);
        if (name == "config") m.configArg = "config";
        if (name == "options") m.optionsArg = "options";
        if (name == "config" || name == "options" || name == "modulesPath") strongArg = true;
        if (!moduleArgNames().count(name)) allModuleArgs = false;
        return true;
      });
    } else if (!wholeFile) {
      // `args: { … }` inline (a submodule-style value): accepted.
      allModuleArgs = true;
      ellipsis = true;
    } else {
      return std::nullopt;
    }
    m.body = transparent(e.field(F().body));
    if (!isSet(m.body)) return std::nullopt;
    if (!strongArg && !(ellipsis && allModuleArgs) && wholeFile) return std::nullopt;
  } else if (isSet(e)) {
    m.body = e;
  } else {
    return std::nullopt;
  }
  bool hasConfig = false, hasOptions = false;
  Node set = bindingSetOf(m.body);
  if (set) {
    forEachChild(set, [&](Node b, TSFieldId) {
      if (!b.is(S().binding)) return true;
      const SegmentPath segs = segmentsOf(b.field(F().attrpath), src);
      if (segs.empty()) return true;
      if (segs[0].name == "config") {
        hasConfig = true;
        if (segs.size() == 1) m.configValue = b.field(F().expression);
      }
      if (segs[0].name == "options") {
        hasOptions = true;
        if (segs.size() == 1) m.optionsValue = b.field(F().expression);
      }
      if (segs[0].name == "imports") m.hasImports = true;
      return true;
    });
  }
  m.explicitForm = hasConfig || hasOptions;
  // A plain set is a module file only with the keys of one.
  if (wholeFile && !m.function && !m.explicitForm && !m.hasImports) return std::nullopt;
  return m;
}

// Inline module positions: a value under `*Modules.<name>` or `nodes.<name>`,
// or an element of a list bound to `modules` or `imports`.
bool inlineModulePosition(std::span<const std::string> outer, bool listElement) {
  if (listElement) return !outer.empty() && (outer.back() == "modules" || outer.back() == "imports");
  if (outer.size() < 2) return false;
  const std::string& set = outer[outer.size() - 2];
  return set == "nixosModules" || set == "homeManagerModules" || set == "darwinModules" ||
         set == "homeModules" || set == "flakeModules" || set == "nodes" || set == "nixosModule";
}

}  // namespace

bool isModuleKeyword(std::string_view key) {
  return key == "imports" || key == "_file" || key == "key" || key == "disabledModules" || key == "_class" ||
         key == "freeformType" || key == "options" || key == "config";
}

std::vector<std::string> names(const SegmentPath& path) {
  std::vector<std::string> out;
  out.reserve(path.size());
  for (const PathSegment& s : path) out.push_back(s.dynamic ? "<dynamic>" : s.name);
  return out;
}

std::vector<std::string> lookupPath(const SegmentPath& path) {
  std::vector<std::string> out;
  for (const PathSegment& s : path) out.push_back(s.dynamic ? "<name>" : s.name);
  return out;
}

std::optional<ModuleSyntax> fileModule(const SyntaxTree& tree) {
  if (!tree.parsed()) return std::nullopt;
  Node root = tree.root();
  Node expr = root.field(F().expression);
  if (!expr) return std::nullopt;
  return moduleOf(expr, tree.text(), true);
}

std::vector<ModuleSyntax> findModules(Node root, std::string_view src) {
  std::vector<ModuleSyntax> out;
  Node top = root.field(F().expression);
  if (!top) return out;
  if (auto m = moduleOf(top, src, true)) out.push_back(*m);
  // Inline modules: names of the sets around each node.
  struct Frame {
    Node node;
    std::vector<std::string> outer;
  };
  std::vector<Frame> stack = {{top, {}}};
  std::size_t visits = 0;
  while (!stack.empty() && visits < 200000) {
    Frame fr = std::move(stack.back());
    stack.pop_back();
    ++visits;
    Node e = transparent(fr.node);
    if (!e) continue;
    if (isSet(e)) {
      Node set = bindingSetOf(e);
      if (!set) continue;
      forEachChild(set, [&](Node b, TSFieldId) {
        if (!b.is(S().binding)) return true;
        std::vector<std::string> outer = fr.outer;
        for (const PathSegment& s : segmentsOf(b.field(F().attrpath), src)) outer.push_back(s.name);
        Node v = b.field(F().expression);
        if (inlineModulePosition(outer, false) && e != transparent(top)) {
          if (auto m = moduleOf(v, src, false)) out.push_back(*m);
        }
        stack.push_back({v, std::move(outer)});
        return true;
      });
    } else if (e.is(S().list_expression)) {
      forEachChild(e, [&](Node el, TSFieldId f) {
        if (f != F().element) return true;
        if (inlineModulePosition(fr.outer, true)) {
          if (auto m = moduleOf(el, src, false)) out.push_back(*m);
        }
        stack.push_back({el, {}});
        return true;
      });
    } else if (e.is(S().function_expression)) {
      stack.push_back({e.field(F().body), fr.outer});
    } else if (e.is(S().apply_expression)) {
      // `nixosSystem { modules = [ … ]; }`, `mkIf c { … }`: arguments.
      Node fn = e;
      while (fn.is(S().apply_expression)) {
        stack.push_back({fn.field(F().argument), fr.outer});
        fn = unwrapParens(fn.field(F().function));
      }
    } else if (e.is(S().if_expression)) {
      stack.push_back({e.field(F().consequence), fr.outer});
      stack.push_back({e.field(F().alternative), fr.outer});
    } else if (e.is(S().binary_expression)) {
      stack.push_back({e.field(F().left), fr.outer});
      stack.push_back({e.field(F().right), fr.outer});
    }
  }
  // Outer modules first.
  std::stable_sort(out.begin(), out.end(), [](const ModuleSyntax& a, const ModuleSyntax& b) {
    return a.expr.start() < b.expr.start() || (a.expr.start() == b.expr.start() && a.expr.end() > b.expr.end());
  });
  out.erase(std::unique(out.begin(), out.end(), [](const ModuleSyntax& a, const ModuleSyntax& b) { return a.expr == b.expr; }),
            out.end());
  return out;
}

namespace {

// The definitions of a module: (expression, path) pairs to start from.
void definitionRoots(const ModuleSyntax& m, std::string_view src, std::vector<Child>& out) {
  if (m.explicitForm) {
    if (m.configValue) out.push_back({m.configValue, {}, Node(), Node()});
    // `config.a.b = …` at the top: bindings whose first name is `config`.
    Node set = bindingSetOf(m.body);
    if (!set) return;
    forEachChild(set, [&](Node b, TSFieldId) {
      if (!b.is(S().binding)) return true;
      Node ap = b.field(F().attrpath);
      SegmentPath segs = segmentsOf(ap, src);
      if (segs.size() > 1 && segs[0].name == "config") {
        segs.erase(segs.begin());
        out.push_back({b.field(F().expression), std::move(segs), b, ap});
      }
      return true;
    });
    return;
  }
  std::vector<Child> all;
  definitionChildren(m.body, src, all);
  for (Child& c : all) {
    if (!c.added.empty() && isModuleKeyword(c.added[0].name) && c.added[0].name != "config") continue;
    out.push_back(std::move(c));
  }
}

}  // namespace

void forEachDefinition(const ModuleSyntax& m, std::string_view src, const std::function<void(const DefinitionSite&)>& fn) {
  struct Item {
    Node expr;
    SegmentPath path;
  };
  std::vector<Child> roots;
  definitionRoots(m, src, roots);
  std::vector<Item> stack;
  // Roots are direct bindings of the module (or the config value itself).
  for (auto it = roots.rbegin(); it != roots.rend(); ++it) {
    if (it->binding) {
      fn({it->added, it->binding, it->expr});
    }
    if (it->expr) stack.push_back({it->expr, it->added});
  }
  std::size_t visits = 0;
  while (!stack.empty() && visits < 500000) {
    Item item = std::move(stack.back());
    stack.pop_back();
    ++visits;
    if (item.path.size() > 64) continue;
    std::vector<Child> children;
    definitionChildren(item.expr, src, children);
    for (auto it = children.rbegin(); it != children.rend(); ++it) {
      SegmentPath path = item.path;
      path.insert(path.end(), it->added.begin(), it->added.end());
      if (it->binding) fn({path, it->binding, it->expr});
      if (it->expr) stack.push_back({it->expr, std::move(path)});
    }
  }
}

std::vector<Node> definedValues(Node value, std::string_view src) {
  std::vector<Node> out;
  std::vector<Node> stack = {value};
  while (!stack.empty() && out.size() < 64) {
    Node e = transparent(stack.back());
    stack.pop_back();
    if (!e) continue;
    if (e.is(S().apply_expression)) {
      std::vector<Node> args;
      const std::string callee = calleeOf(e, src, args);
      const Wrapper* w = wrapperOf(callee);
      if (w && w->name == "mkMerge") return {};
      if (w && args.size() == w->arity) {
        stack.push_back(args.back());
        continue;
      }
    }
    if (e.is(S().if_expression)) {
      stack.push_back(e.field(F().alternative));
      stack.push_back(e.field(F().consequence));
      continue;
    }
    out.push_back(e);
  }
  return out;
}

// ------------------------------------------------------------ at an offset

namespace {

bool contains(Node n, ByteOffset o) { return n && n.start() <= o && o <= n.end(); }

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

// ------------------------------------------------------------ reads

std::optional<OptionRead> ReadResolver::resolve(Node e, std::span<const Node> ancestors, int depth) {
  if (depth > 8) return std::nullopt;
  e = unwrapParens(e);
  SegmentPath tail;
  Node base = e;
  if (e.is(S().select_expression)) {
    if (e.field(F().default_)) return std::nullopt;
    base = unwrapParens(e.field(F().expression));
    tail = segmentsOf(e.field(F().attrpath), src_);
  }
  if (!base.is(S().variable_expression)) return std::nullopt;
  const std::string_view name = base.field(F().name).text(src_);
  std::vector<Node> chain(ancestors.begin(), ancestors.end());
  chain.push_back(base);
  const Resolution res = resolveName(chain, name, src_);
  if (res.kind != Resolution::Kind::Definition) return std::nullopt;
  if (res.def.kind == DefKind::Formal && (name == "config" || name == "options")) {
    return OptionRead{tail, name == "options"};
  }
  if ((res.def.kind != DefKind::LetBinding && res.def.kind != DefKind::RecAttr) || !res.def.value) return std::nullopt;
  // `cfg = config.services.foo;`: that value, resolved where it is.
  const Node target = res.def.value;
  auto memo = memo_.find(target.start());
  std::optional<OptionRead> inner;
  if (memo != memo_.end()) {
    inner = memo->second;
  } else {
    memo_[target.start()] = std::nullopt;  // cycles end here
    std::vector<Node> at;
    walkWithAncestors(root_, [&](Node n, std::span<const Node> anc) {
      if (!at.empty()) return false;
      if (n == target) {
        at.assign(anc.begin(), anc.end());
        at.push_back(n);
        return false;
      }
      return n.start() <= target.start() && target.end() <= n.end();
    });
    if (!at.empty()) {
      at.pop_back();
      inner = resolve(target, at, depth + 1);
    }
    memo_[target.start()] = inner;
  }
  if (!inner) return std::nullopt;
  inner->path.insert(inner->path.end(), tail.begin(), tail.end());
  return inner;
}

void ReadResolver::readsOf(Node n, std::span<const Node> ancestors, const std::function<void(const OptionRead&)>& fn) {
  if (n.is(S().select_expression)) {
    if (auto found = resolve(n, ancestors, 0)) {
      if (!found->path.empty()) fn(*found);
    }
    return;
  }
  if (n.is(S().inherit_from)) {
    Node from = n.field(F().expression);
    std::vector<Node> anc(ancestors.begin(), ancestors.end());
    anc.push_back(n);
    auto found = resolve(from, anc, 0);
    if (!found) return;
    forEachChild(n.field(F().attrs), [&](Node a, TSFieldId) {
      if (!a.isNamed()) return true;
      auto name = staticAttrName(a, src_);
      if (!name) return true;
      OptionRead r = *found;
      r.path.push_back({std::string(*name), a.range(), false});
      fn(r);
      return true;
    });
  }
}

void forEachRead(Node root, std::string_view src, const std::function<void(const OptionRead&)>& fn) {
  ReadResolver resolver(root, src);
  walkWithAncestors(root, [&](Node n, std::span<const Node> ancestors) {
    if (n.is(S().select_expression) || n.is(S().inherit_from)) resolver.readsOf(n, ancestors, fn);
    return true;
  });
}

}  // namespace fw::options
