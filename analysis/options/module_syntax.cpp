#include "analysis/options/module_syntax.h"

#include "analysis/options/module_syntax_detail.h"

#include <algorithm>
#include <set>

#include "analysis/attr_names.h"
#include "analysis/scopes.h"
#include "analysis/syntax_helpers.h"

namespace fw::options {


namespace detail {

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

}  // namespace detail

using namespace detail;

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

namespace detail {

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

}  // namespace detail

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
