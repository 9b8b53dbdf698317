#include "analysis/syntax_helpers.h"
#include "analysis/navigation.h"

#include <algorithm>
#include <filesystem>

#include "analysis/attr_names.h"
#include "analysis/builtins_table.h"
#include "analysis/values.h"

namespace fw {

namespace {

namespace fsys = std::filesystem;



// Static names of an attrpath's attributes; stops at the first dynamic one.
std::vector<std::pair<std::string_view, Node>> staticPath(Node attrpath, std::string_view src) {
  std::vector<std::pair<std::string_view, Node>> out;
  const std::uint32_t n = attrpath.namedChildCount();
  for (std::uint32_t i = 0; i < n; ++i) {
    const Node a = attrpath.namedChild(i);
    const auto name = staticAttrName(a, src);
    if (!name) break;
    out.emplace_back(*name, a);
  }
  return out;
}

// The node at the cursor and the path to it.
struct Cursor {
  std::vector<Node> path;
  [[nodiscard]] Node leaf() const { return path.empty() ? Node() : path.back(); }
  [[nodiscard]] Node up(std::size_t k) const {
    return path.size() > k ? path[path.size() - 1 - k] : Node();
  }
};

std::string lineOf(const LineIndex& lines, ByteOffset o) { return std::to_string(lines.lineOf(o) + 1); }

const char* kindWord(DefKind k) {
  switch (k) {
    case DefKind::LetBinding: return "let binding";
    case DefKind::RecAttr: return "attribute of a rec set";
    case DefKind::Formal: return "function argument";
    case DefKind::LambdaArg: return "function argument";
    case DefKind::PatternArg: return "argument set";
    case DefKind::Inherit: return "inherited binding";
  }
  return "binding";
}

std::string code(std::string_view s) { return "`" + std::string(s) + "`"; }

// The value a definition (in the document) stands for, following
// `inherit (e) a;` into e.
Located definitionValue(const ScopeDef& d, std::string_view src, const FeatureContext& ctx) {
  if (d.value) return {d.value, nullptr, ""};
  if (d.inheritFrom) {
    if (auto hit = findAttrIn({d.inheritFrom, nullptr, ""}, {d.name}, src, ctx)) return hit->value;
  }
  return {};
}

std::string describeDefinition(const ScopeDef& d, const LineIndex& lines, std::string_view src,
                               const FeatureContext& ctx) {
  std::string md = "```nix\n" + std::string(d.name);
  const Located v = definitionValue(d, src, ctx);
  if (v) md += " = " + describeValue(v.node, v.src(src));
  md += "\n```\n";
  md += std::string(kindWord(d.kind));
  if (d.kind == DefKind::Formal && d.value) md += " with default `" + std::string(d.value.text(src).substr(0, 60)) + "`";
  if (d.inheritFrom) md += ", inherited from `" + std::string(d.inheritFrom.text(src).substr(0, 60)) + "`";
  md += ", defined on line " + lineOf(lines, d.nameRange.start);
  return md;
}

std::string builtinMarkdown(const BuiltinInfo& b) {
  std::string md = "```nix\n" + std::string(b.signature) + "\n```\n" + std::string(b.doc);
  if (!b.since28) md += "\n\n(Not in Nix 2.8; newer Nix or an experimental feature.)";
  return md;
}

}  // namespace

std::string describeValue(Node v, std::string_view src) {
  const Symbols& s = syms();
  v = unwrapParens(v);
  if (!v) return "…";
  const TSSymbol k = v.symbol();
  if (k == s.function_expression) {
    std::string out = "function ";
    if (const Node formals = v.field(fields().formals)) {
      out += "{ ";
      bool first = true;
      forEachChild(formals, [&](Node f, TSFieldId) {
        if (f.is(s.formal) || f.is(s.ellipses)) {
          if (!first) out += ", ";
          first = false;
          if (f.is(s.ellipses)) {
            out += "...";
          } else {
            out += f.field(fields().name).text(src);
            if (f.field(fields().default_)) out += " ? …";
          }
        }
        return true;
      });
      out += first ? "}" : " }";
    } else if (const Node u = v.field(fields().universal)) {
      out += std::string(u.text(src)) + ": …";
    }
    return out;
  }
  if (k == s.attrset_expression || k == s.rec_attrset_expression) {
    std::vector<std::string_view> names;
    if (const Node bs = bindingSetOf(v)) {
      forEachChild(bs, [&](Node b, TSFieldId) {
        if (b.is(s.binding)) {
          const auto p = staticPath(b.field(fields().attrpath), src);
          if (!p.empty() && std::find(names.begin(), names.end(), p[0].first) == names.end())
            names.push_back(p[0].first);
        } else if (const Node attrs = b.field(fields().attrs)) {
          forEachChild(attrs, [&](Node a, TSFieldId) {
            if (const auto n = staticAttrName(a, src)) names.push_back(*n);
            return true;
          });
        }
        return true;
      });
    }
    std::string out = k == s.rec_attrset_expression ? "rec { " : "{ ";
    for (std::size_t i = 0; i < names.size() && i < 8; ++i) out += std::string(names[i]) + "; ";
    if (names.size() > 8) out += "… ";
    out += "}";
    return out + " (" + std::to_string(names.size()) + (names.size() == 1 ? " attribute)" : " attributes)");
  }
  if (k == s.list_expression) {
    const std::uint32_t n = v.namedChildCount();
    return "[ … ] (" + std::to_string(n) + (n == 1 ? " element)" : " elements)");
  }
  if (k == s.let_expression || k == s.with_expression || k == s.assert_expression) {
    return describeValue(v.field(fields().body), src);
  }
  if (k == s.apply_expression) {
    Node f = v;
    while (f.is(s.apply_expression)) f = f.field(fields().function);
    return "result of " + code(f.text(src).substr(0, 60)) + " …";
  }
  const std::string_view t = v.text(src);
  if (t.size() <= 80 && t.find('\n') == std::string_view::npos) return std::string(t);
  return std::string(t.substr(0, t.find('\n') < 60 ? t.find('\n') : 60)) + " …";
}

namespace {

// `x.a.b` with the cursor on `a` or `b`: the attribute it selects, when x
// is a name whose value is known (a literal set, an imported file…).
std::optional<AttrHit> selectedAttr(const Cursor& c, Node base, std::string_view src, const FeatureContext& ctx) {
  if (!base.is(syms().variable_expression)) return std::nullopt;
  const Node leaf = c.leaf();
  std::vector<std::string_view> names;
  for (const auto& [n, node] : staticPath(c.up(1), src)) {
    names.push_back(n);
    if (node == leaf) break;
  }
  std::vector<Node> path(c.path.begin(), c.path.end() - 2);
  path.push_back(base);
  const Resolution r = resolveName(path, base.text(src), src);
  if (r.kind != Resolution::Kind::Definition) return std::nullopt;
  return findAttrIn(definitionValue(r.def, src, ctx), names, src, ctx);
}

Location toLocation(const Located& l) {
  return {l.tree ? l.file : std::string(), l.node.range(), l.tree};
}

// `import ./f.nix { a = …; }`, `callPackage ./f.nix { a = …; }`: the
// formal `a` of f.nix's function, for a cursor on `a`.
std::optional<Location> argumentFormal(const Cursor& c, Node leaf, std::string_view src, const FeatureContext& ctx) {
  const Symbols& s = syms();
  const Node attrpath = c.up(1);
  const Node binding = c.up(2);
  const Node set = c.up(4);  // binding_set is up(3)
  const Node apply = c.up(5);
  if (!binding.is(s.binding) || attrpath.namedChild(0) != leaf || !set.is(s.attrset_expression) ||
      !apply.is(s.apply_expression) || apply.field(fields().argument) != set)
    return std::nullopt;
  const Node inner = apply.field(fields().function);
  if (!inner.is(s.apply_expression)) return std::nullopt;
  const Node fn = inner.field(fields().function);
  const Node path = inner.field(fields().argument);
  std::string_view fname = fn.text(src);
  if (const std::size_t dot = fname.rfind('.'); dot != std::string_view::npos) fname = fname.substr(dot + 1);
  if ((fname != "import" && fname != "callPackage") || !path.is(s.path_expression) || !ctx.files)
    return std::nullopt;
  const auto target = resolvePathLiteral(path.text(src), ctx);
  if (!target) return std::nullopt;
  SyntaxTreePtr tree = ctx.files->tree(*target);
  if (!tree) return std::nullopt;
  const Located root = followValue({tree->root().namedChild(0), tree, *target}, src, ctx);
  if (!root.node.is(s.function_expression)) return std::nullopt;
  std::optional<Location> out;
  forEachScopeDefinition(root.node, tree->text(), [&](const ScopeDef& d) {
    if (!out && d.kind == DefKind::Formal && d.name == leaf.text(src)) out = Location{*target, d.nameRange, tree};
  });
  return out;
}

}  // namespace

std::vector<Location> definition(const DocumentView& view, ByteOffset offset, const FeatureContext& ctx) {
  const Symbols& s = syms();
  const std::string_view src = view.text();
  Cursor c{view.pathAt(offset)};
  const Node leaf = c.leaf();
  if (!leaf) return {};
  // Path literals lead to their file.
  for (std::size_t k = 0; k < 3; ++k) {
    const Node n = c.up(k);
    if (n.is(s.path_expression)) {
      if (auto file = resolvePathLiteral(n.text(src), ctx)) return {{*file, {0, 0}}};
      return {};
    }
  }
  if (!leaf.is(s.identifier)) return {};
  const Node parent = c.up(1);
  const std::string_view name = leaf.text(src);
  std::span<const Node> path(c.path);
  if (parent.is(s.variable_expression)) {
    const Resolution r = resolveName(path, name, src);
    if (r.kind == Resolution::Kind::Definition) return {{"", r.def.nameRange}};
    return {};
  }
  if (parent.is(s.inherited_attrs)) {
    const Node inh = c.up(2);
    if (inh.is(s.inherit)) {
      const Resolution r = resolveName(path, name, src, /*inheritAttr=*/true);
      if (r.kind == Resolution::Kind::Definition) return {{"", r.def.nameRange}};
      return {};
    }
    if (inh.is(s.inherit_from)) {
      // inherit (e) a: a's definition inside e, when e is known.
      Located from{inh.field(fields().expression), nullptr, ""};
      if (from.node.is(s.variable_expression)) {
        std::vector<Node> p2(c.path.begin(), c.path.end() - 2);
        p2.push_back(from.node);
        const Resolution r = resolveName(p2, from.node.text(src), src);
        if (r.kind == Resolution::Kind::Definition) from = definitionValue(r.def, src, ctx);
      }
      if (auto hit = findAttrIn(from, {name}, src, ctx)) return {toLocation(hit->name)};
    }
    return {};
  }
  if (parent.is(s.attrpath)) {
    const Node owner = c.up(2);
    if (owner.is(s.select_expression) || owner.is(s.has_attr_expression)) {
      // `x.a.b`: follow the selection into what x is.
      if (auto hit = selectedAttr(c, owner.field(fields().expression), src, ctx)) return {toLocation(hit->name)};
      return {};
    }
    // An argument passed to a file: `callPackage ./x.nix { a = …; }`
    // leads to the formal `a` of x.nix.
    if (auto formal = argumentFormal(c, leaf, src, ctx)) return {*formal};
    // On a binding's own name: it is its definition.
    return {{"", leaf.range()}};
  }
  if (parent.is(s.formal) || parent.is(s.function_expression)) return {{"", leaf.range()}};
  return {};
}

std::optional<HoverResult> hover(const DocumentView& view, ByteOffset offset, const FeatureContext& ctx) {
  const Symbols& s = syms();
  const std::string_view src = view.text();
  Cursor c{view.pathAt(offset)};
  const Node leaf = c.leaf();
  if (!leaf) return std::nullopt;
  const LineIndex& lines = view.lines();
  // Keywords.
  const std::string_view text = leaf.text(src);
  if (!leaf.isNamed() || leaf.is(s.keyword)) {
    if (const KeywordInfo* kw = findKeyword(text)) {
      return HoverResult{leaf.range(), "```nix\n" + std::string(kw->syntax) + "\n```\n" + std::string(kw->doc)};
    }
  }
  for (std::size_t k = 0; k < 3; ++k) {
    const Node n = c.up(k);
    if (n.is(s.path_expression)) {
      const std::string_view lit = n.text(src);
      std::string md = "path `" + std::string(lit) + "`";
      if (auto file = resolvePathLiteral(lit, ctx)) md += "\n\n" + *file;
      else if (ctx.files && lit.find("${") == std::string_view::npos && !lit.starts_with("~"))
        md += "\n\n(does not exist)";
      return HoverResult{n.range(), md};
    }
  }
  if (!leaf.is(s.identifier)) return std::nullopt;
  const Node parent = c.up(1);
  std::span<const Node> path(c.path);
  auto fromResolution = [&](const Resolution& r) -> std::optional<HoverResult> {
    switch (r.kind) {
      case Resolution::Kind::Definition:
        return HoverResult{leaf.range(), describeDefinition(r.def, lines, src, ctx)};
      case Resolution::Kind::Global:
        if (const BuiltinInfo* b = findBuiltin(text.starts_with("__") ? text.substr(2) : text))
          return HoverResult{leaf.range(), builtinMarkdown(*b)};
        return HoverResult{leaf.range(), "`" + std::string(text) + "`: a Nix built-in name"};
      case Resolution::Kind::With: {
        const Node env = r.withNode.field(fields().environment);
        return HoverResult{leaf.range(), "`" + std::string(text) + "` comes from `with " +
                                             std::string(env ? env.text(src).substr(0, 60) : "") +
                                             ";` on line " + lineOf(lines, r.withNode.start())};
      }
      case Resolution::Kind::Undefined:
        return HoverResult{leaf.range(), "`" + std::string(text) + "`: undefined variable"};
    }
    return std::nullopt;
  };
  if (parent.is(s.variable_expression)) return fromResolution(resolveName(path, text, src));
  if (parent.is(s.inherited_attrs) && c.up(2).is(s.inherit)) {
    return fromResolution(resolveName(path, text, src, true));
  }
  if (parent.is(s.attrpath)) {
    const Node owner = c.up(2);
    if (owner.is(s.select_expression)) {
      const Node e = owner.field(fields().expression);
      // builtins.x
      if (e.is(s.variable_expression) && e.text(src) == "builtins" && parent.namedChild(0) == leaf) {
        if (const BuiltinInfo* b = findBuiltin(text)) return HoverResult{leaf.range(), builtinMarkdown(*b)};
        return HoverResult{leaf.range(), "`builtins." + std::string(text) + "`: not a known builtin"};
      }
      if (auto hit = selectedAttr(c, e, src, ctx)) {
        std::string md = "```nix\n" + std::string(text);
        if (hit->value) md += " = " + describeValue(hit->value.node, hit->value.src(src));
        md += "\n```\nattribute of `" + std::string(e.text(src)) + "`";
        if (hit->name.tree) {
          md += ", defined in " + hit->name.file + " on line " +
                lineOf(hit->name.tree->lines(), hit->name.node.start());
        } else {
          md += ", defined on line " + lineOf(lines, hit->name.node.start());
        }
        return HoverResult{leaf.range(), md};
      }
      return std::nullopt;
    }
    // A binding's own name.
    const Node binding = c.up(2);
    if (binding.is(s.binding) && parent.namedChild(0) == leaf) {
      const Node v = parent.namedChildCount() == 1 ? binding.field(fields().expression) : Node();
      std::string md = "```nix\n" + std::string(text);
      if (v) md += " = " + describeValue(v, src);
      md += "\n```";
      return HoverResult{leaf.range(), md};
    }
    return std::nullopt;
  }
  if (parent.is(s.formal) || parent.is(s.function_expression)) {
    for (std::size_t k = 1; k < c.path.size(); ++k) {
      const Node fn = c.up(k);
      if (!fn.is(s.function_expression)) continue;
      std::optional<HoverResult> out;
      forEachScopeDefinition(fn, src, [&](const ScopeDef& d) {
        if (d.nameRange == leaf.range()) out = HoverResult{leaf.range(), describeDefinition(d, lines, src, ctx)};
      });
      return out;
    }
  }
  return std::nullopt;
}

namespace {

// The definition of a name bound by a later binding of a let or rec set
// (`p.y = …;` after `p.x = …;`, or `paths.bin = …;` after `paths = { … };`):
// the binding that defines it first; -1 when `offset` is not on one.
std::int64_t laterBindingAt(const FileAnalysis& a, ByteOffset offset, ByteRange& at) {
  const SemanticModel& m = *a.model;
  Node id = a.tree->root().namedDescendant(offset, offset);
  if ((!id || !id.is(syms().identifier)) && offset > 0) id = a.tree->root().namedDescendant(offset - 1, offset - 1);
  const Node path = id && id.is(syms().identifier) ? id.parent() : Node();
  if (!path || !path.is(syms().attrpath) || path.namedChild(0) != id || !path.parent().is(syms().binding))
    return -1;
  const Node set = path.parent().parent();
  const auto name = staticAttrName(id, a.tree->text());
  for (std::size_t i = 0; name && i < m.defs.size(); ++i) {
    if (m.defs[i].name == *name && m.scopes[m.defs[i].scope].bindings == set) {
      at = id.range();
      return static_cast<std::int64_t>(i);
    }
  }
  return -1;
}

// A name bound by several bindings of one let or set (`a.x = 1; a.y = 2;`
// merge into one attribute set) is one definition with several names.
struct DefGroup {
  std::vector<ByteRange> names;     // where it is defined, in text order
  std::vector<std::uint32_t> refs;  // its uses (indices into refs)
};
DefGroup groupOf(const FileAnalysis& a, std::uint32_t def) {
  const SemanticModel& m = *a.model;
  const Definition& d = m.defs[def];
  const Scope& scope = m.scopes[d.scope];
  DefGroup g;
  for (std::uint32_t i = scope.firstDef; i < scope.endDef; ++i) {
    if (m.defs[i].name != d.name) continue;
    g.names.push_back(m.defs[i].nameRange);
    for (std::uint32_t ri : m.referencesTo(i)) g.refs.push_back(ri);
  }
  if (scope.bindings) {
    forEachChild(scope.bindings, [&](Node b, TSFieldId) {
      if (!b.is(syms().binding)) return true;
      const Node path = b.field(fields().attrpath);
      const Node first = path ? path.namedChild(0) : Node();
      if (first && path.namedChildCount() > 1 && staticAttrName(first, a.tree->text()) == d.name &&
          std::find(g.names.begin(), g.names.end(), first.range()) == g.names.end())
        g.names.push_back(first.range());
      return true;
    });
  }
  std::sort(g.names.begin(), g.names.end(), [](ByteRange x, ByteRange y) { return x.start < y.start; });
  std::sort(g.refs.begin(), g.refs.end());
  g.refs.erase(std::unique(g.refs.begin(), g.refs.end()), g.refs.end());
  return g;
}

}  // namespace

std::vector<Occurrence> occurrences(const FileAnalysis& a, ByteOffset offset) {
  const SemanticModel& m = *a.model;
  std::int64_t def = -1;
  ByteRange ignored;
  if (const Definition* d = m.definitionAt(offset)) def = d - m.defs.data();
  else if (const Reference* r = m.referenceAt(offset); r && r->target == Reference::Target::Definition)
    def = r->index;
  else def = laterBindingAt(a, offset, ignored);
  if (def < 0) return {};
  const DefGroup g = groupOf(a, static_cast<std::uint32_t>(def));
  std::vector<Occurrence> out;
  for (const ByteRange& n : g.names) out.push_back({n, true});
  for (std::uint32_t i : g.refs) out.push_back({m.refs[i].range, false});
  return out;
}

bool isValidIdentifier(std::string_view name) {
  if (name.empty()) return false;
  const char c0 = name[0];
  if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '\'' || c == '-'))
      return false;
  }
  static constexpr std::string_view kKeywords[] = {"if", "then", "else", "let", "in", "rec",
                                                   "with", "assert", "inherit", "or"};
  return std::find(std::begin(kKeywords), std::end(kKeywords), name) == std::end(kKeywords);
}

namespace {

// The definition a rename at `offset` would change, or an error.
std::int64_t renameTarget(const FileAnalysis& a, ByteOffset offset, std::string& error, ByteRange& at) {
  const SemanticModel& m = *a.model;
  if (const Definition* d = m.definitionAt(offset)) {
    at = d->nameRange;
    return d - m.defs.data();
  }
  if (const Reference* r = m.referenceAt(offset)) {
    at = r->range;
    switch (r->target) {
      case Reference::Target::Definition: return r->index;
      case Reference::Target::Global: error = "this is a Nix built-in name; it cannot be renamed"; return -1;
      case Reference::Target::With:
        error = "this name comes from a `with`; flakewise cannot tell where it is defined";
        return -1;
      case Reference::Target::Undefined: error = "this name is undefined"; return -1;
    }
  }
  if (const std::int64_t later = laterBindingAt(a, offset, at); later >= 0) return later;
  error = "flakewise renames local names (let bindings and function arguments); attributes are read by other code it cannot see";
  return -1;
}

}  // namespace

PrepareRenameResult prepareRename(const FileAnalysis& a, ByteOffset offset) {
  PrepareRenameResult out;
  const std::int64_t def = renameTarget(a, offset, out.error, out.range);
  if (def < 0) return out;
  const Definition& d = a.model->defs[static_cast<std::size_t>(def)];
  const std::string_view src = a.tree->text();
  switch (d.kind) {
    case DefKind::RecAttr:
      out.error = "renaming an attribute of a `rec` set would change the set's attribute names";
      return out;
    case DefKind::Formal:
      out.error = "renaming a formal argument would change how callers must call the function";
      return out;
    case DefKind::Inherit:
      out.error = "this name is defined by `inherit`, which ties it to the name it inherits";
      return out;
    default:
      break;
  }
  if (src.substr(d.nameRange.start, d.nameRange.length()) != d.name) {
    out.error = "only plain identifiers can be renamed (this name is quoted)";
    return out;
  }
  out.placeholder = std::string(d.name);
  return out;
}

RenameResult rename(const FileAnalysis& a, ByteOffset offset, std::string_view newName) {
  RenameResult out;
  const PrepareRenameResult prep = prepareRename(a, offset);
  if (!prep.error.empty()) {
    out.error = prep.error;
    return out;
  }
  if (!isValidIdentifier(newName)) {
    out.error = "'" + std::string(newName) + "' is not a valid Nix identifier";
    return out;
  }
  const SemanticModel& m = *a.model;
  const std::string_view src = a.tree->text();
  std::string ignored;
  ByteRange at;
  const auto def = static_cast<std::uint32_t>(renameTarget(a, offset, ignored, at));
  const Definition& d = m.defs[def];
  if (d.name == newName) return out;
  const Scope& scope = m.scopes[d.scope];
  // 1. A name already defined next to it.
  for (std::uint32_t i = scope.firstDef; i < scope.endDef; ++i) {
    if (m.defs[i].name == newName) {
      out.error = "'" + std::string(newName) + "' is already defined on line " +
                  std::to_string(a.tree->lines().lineOf(m.defs[i].nameRange.start) + 1);
      return out;
    }
  }
  const DefGroup group = groupOf(a, def);
  const std::vector<std::uint32_t>& refs = group.refs;
  // 2. A use of ours that an inner definition of the new name would capture.
  for (std::uint32_t ri : refs) {
    for (std::uint32_t sc : m.scopesAt(m.refs[ri].range.start)) {
      if (sc == d.scope) break;
      const Scope& inner = m.scopes[sc];
      for (std::uint32_t i = inner.firstDef; i < inner.endDef; ++i) {
        if (m.defs[i].name == newName) {
          out.error = "'" + std::string(newName) + "' is defined on line " +
                      std::to_string(a.tree->lines().lineOf(m.defs[i].nameRange.start) + 1) +
                      ", which would capture a use of '" + std::string(d.name) + "'";
          return out;
        }
      }
    }
  }
  // 3. An existing use of the new name, inside our scope, that resolves
  // elsewhere today and would resolve to ours after the rename.
  const ByteRange region = scope.node.range();
  for (const Reference& r : m.refs) {
    if (r.range.start < region.start || r.range.end > region.end) continue;
    if (src.substr(r.range.start, r.range.length()) != newName) continue;
    // Fine only when it resolves to a definition nested inside our scope.
    bool nested = false;
    if (r.target == Reference::Target::Definition) {
      for (std::int32_t p = m.scopes[m.defs[r.index].scope].parent; p >= 0 && !nested;
           p = m.scopes[static_cast<std::size_t>(p)].parent)
        nested = static_cast<std::uint32_t>(p) == d.scope;
    }
    const bool outside = !nested;
    if (outside) {
      out.error = "'" + std::string(newName) + "' is already used on line " +
                  std::to_string(a.tree->lines().lineOf(r.range.start) + 1) +
                  " and would then refer to the renamed binding";
      return out;
    }
  }
  // The edits. `inherit a;` in a plain set names an attribute as well:
  // rewrite it as `a = new;` so that the set keeps its attribute.
  for (const ByteRange& n : group.names) out.edits.push_back({n, std::string(newName)});
  for (std::uint32_t ri : refs) {
    const ByteRange r = m.refs[ri].range;
    const Node id = a.tree->root().namedDescendant(r.start, r.end);
    const Node attrs = id.parent();
    if (attrs.is(syms().inherited_attrs)) {
      const Node inh = attrs.parent();
      const Node set = inh.parent();
      const Node owner = set.parent();
      if (owner.is(syms().let_expression) || owner.is(syms().rec_attrset_expression) ||
          owner.is(syms().let_attrset_expression)) {
        out.edits.clear();
        out.error = "'" + std::string(d.name) + "' is inherited into a let or rec set on line " +
                    std::to_string(a.tree->lines().lineOf(r.start) + 1) +
                    "; rename that binding first";
        return out;
      }
      const std::string rewritten = std::string(d.name) + " = " + std::string(newName) + ";";
      if (attrs.namedChildCount() == 1) {
        out.edits.push_back({inh.range(), rewritten});
      } else {
        // Drop the name from the list (with the space before it) and add
        // the binding after the inherit.
        ByteOffset from = r.start;
        while (from > attrs.start() && (src[from - 1] == ' ' || src[from - 1] == '\t')) --from;
        out.edits.push_back({{from, r.end}, ""});
        out.edits.push_back({{inh.end(), inh.end()}, " " + rewritten});
      }
      continue;
    }
    out.edits.push_back({r, std::string(newName)});
  }
  std::sort(out.edits.begin(), out.edits.end(),
            [](const TextEdit& x, const TextEdit& y) { return x.range.start < y.range.start; });
  return out;
}

}  // namespace fw
