#include "analysis/syntax_helpers.h"
#include "analysis/semantic.h"

#include <algorithm>
#include <unordered_map>

#include "analysis/attr_duplicates.h"
#include "analysis/attr_names.h"
#include "analysis/builtins_table.h"
#include "analysis/diagnostic_codes.h"
#include "analysis/scopes.h"

namespace fw {

namespace {

// Function arguments that conventions make people declare whether or not
// they use them (module system, callPackage, overlays, flakes): not
// reported as unused.
bool conventionalArgument(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "config", "options", "lib",   "pkgs", "modulesPath", "specialArgs", "self",
      "super",  "final",   "prev",  "inputs", "system",    "utils",       "nixosConfig",
      "osConfig", "name",  "nodes", "extendModules", "moduleType"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

class Builder {
 public:
  Builder(const SyntaxTree& tree, const SemanticConfig& cfg)
      : tree_(tree),
        src_(tree.text()),
        cfg_(cfg),
        model_(std::make_shared<SemanticModel>()) {}

  std::shared_ptr<SemanticModel> run() {
    const Symbols& s = syms();
    std::size_t visited = 0;
    walkEnterExit(
        tree_.root(),
        [&](Node n, TSFieldId field) {
          if ((++visited & 0xFFF) == 0 && cfg_.stop.stop_requested()) return false;
          const TSSymbol k = n.symbol();
          // A `with` body opens its scope before any scope of its own.
          if (field == fields().body && !withNodes_.empty() && parentIsWith(n)) openWith(n);
          // Below a node with a syntax error, names are often pieces of the
          // broken text (`a = 1 ↵ b = 2` reads `b` as a variable): don't
          // report them as undefined.
          if (n.hasError() && hasBrokenChild(n)) broken_.push_back(n);
          if (k == s.variable_expression) {
            reference(n);
            return false;
          }
          if (k == s.let_expression) {
            openScope(n, ScopeKind::Let, bindingSetOf(n));
          } else if (k == s.rec_attrset_expression) {
            // Merged into an earlier set, a rec literal is no longer rec.
            if (!plan_.mergedInto.count(n.raw().id)) {
              if (auto it = literalScopes_.find(n.raw().id); it != literalScopes_.end()) push(n, it->second);
              else openScope(n, ScopeKind::Rec, bindingSetOf(n));
            }
          } else if (k == s.let_attrset_expression) {
            openScope(n, ScopeKind::LetAttrset, bindingSetOf(n));
            lint(n.range(), code::DeprecatedLet, Severity::Warning,
                 "`let { … }` is deprecated; use `let … in …` instead", {DiagnosticTag::Deprecated});
          } else if (k == s.function_expression) {
            openLambda(n);
          }
          if (k == s.binding_set) {
            planBindingSet(tree_, n, model_->diagnostics, plan_);
            sets_.push_back(n);
          } else if (k == s.binding || k == s.attrset_expression || k == s.rec_attrset_expression) {
            // A value placed into a `rec` literal from outside sees its names.
            enterPlannedScopes(n);
          }
          if (k == s.inherit) inheritOuter(n);
          if (k == s.uri_expression) {
            lint(n.range(), code::DeprecatedUrlLiteral, Severity::Warning,
                 "URL literals are deprecated; write the URL as a string", {DiagnosticTag::Deprecated});
          }
          if (k == s.select_expression) checkBuiltinSelect(n);
          if (k == s.with_expression) withNodes_.push_back(n);
          return n.childCount() > 0 && k != s.comment && k != s.string_fragment;
        },
        [&](Node n) {
          while (!open_.empty() && open_.back().node == n) closeScope();
          if (!broken_.empty() && broken_.back() == n) broken_.pop_back();
          if (!sets_.empty() && sets_.back() == n) sets_.pop_back();
          if (!withNodes_.empty() && withNodes_.back() == n) withNodes_.pop_back();
        });
    finish();
    return model_;
  }

 private:
  struct Open {
    Node node;  // closes on exit of this node
    std::uint32_t scope;
  };

  static bool hasBrokenChild(Node n) {
    bool broken = false;
    forEachChild(n, [&](Node c, TSFieldId) {
      broken = c.isError() || c.isMissing();
      return !broken;
    });
    return broken;
  }


  bool parentIsWith(Node n) const {
    return !withNodes_.empty() && withNodes_.back().field(fields().body) == n;
  }

  std::uint32_t newScope(ScopeKind kind, Node node) {
    Scope sc;
    sc.kind = kind;
    sc.node = node;
    sc.parent = open_.empty() ? -1 : static_cast<std::int32_t>(open_.back().scope);
    sc.firstDef = sc.endDef = static_cast<std::uint32_t>(model_->defs.size());
    model_->scopes.push_back(sc);
    return static_cast<std::uint32_t>(model_->scopes.size() - 1);
  }

  void define(std::uint32_t scope, std::string_view name, ByteRange range, DefKind kind, Node node,
              Node value) {
    Definition d;
    d.name = name;
    d.nameRange = range;
    d.kind = kind;
    d.node = node;
    d.value = value;
    d.scope = scope;
    model_->defs.push_back(d);
    model_->scopes[scope].endDef = static_cast<std::uint32_t>(model_->defs.size());
  }

  void push(Node node, std::uint32_t scope) {
    const Scope& sc = model_->scopes[scope];
    for (std::uint32_t i = sc.firstDef; i < sc.endDef; ++i) visible_[model_->defs[i].name].push_back(i);
    open_.push_back({node, scope});
  }

  void closeScope() {
    const Scope& sc = model_->scopes[open_.back().scope];
    for (std::uint32_t i = sc.firstDef; i < sc.endDef; ++i) {
      auto it = visible_.find(model_->defs[i].name);
      if (it != visible_.end() && !it->second.empty()) it->second.pop_back();
    }
    if (sc.kind == ScopeKind::With) withStack_.pop_back();
    open_.pop_back();
  }

  void defineAll(std::uint32_t scope, Node n) {
    forEachScopeDefinition(n, src_, [&](const ScopeDef& d) {
      define(scope, d.name, d.nameRange, d.kind, d.node, d.value);
      Definition& def = model_->defs.back();
      def.inheritFrom = d.inheritFrom;
      def.inheritOuter = d.inheritOuter;
    });
  }

  // let / rec / let { }: every static first attribute name and every
  // inherited name of the binding set.
  // The scope of a rec literal, created once: by the walk, or earlier by a
  // value placed into it from outside.
  std::uint32_t literalScope(Node literal) {
    if (auto it = literalScopes_.find(literal.raw().id); it != literalScopes_.end()) return it->second;
    const std::uint32_t scope = newScope(ScopeKind::Rec, literal);
    model_->scopes[scope].bindings = bindingSetOf(literal);
    defineAll(scope, literal);
    if (auto ex = plan_.extras.find(literal.raw().id); ex != plan_.extras.end()) {
      for (const ExtraAttr& e : ex->second) {
        bool known = false;
        const Scope& sc = model_->scopes[scope];
        for (std::uint32_t i = sc.firstDef; i < sc.endDef && !known; ++i) known = model_->defs[i].name == e.name;
        if (!known) define(scope, e.name, e.nameRange, DefKind::RecAttr, e.binding, e.value);
      }
    }
    literalScopes_[literal.raw().id] = scope;
    return scope;
  }

  void enterPlannedScopes(Node n) {
    auto it = plan_.valueScopes.find(n.raw().id);
    if (it == plan_.valueScopes.end()) return;
    for (const Node& lit : it->second) {
      if (!lit.is(syms().rec_attrset_expression) || plan_.mergedInto.count(lit.raw().id)) continue;
      push(n, literalScope(lit));
    }
  }

  void openScope(Node n, ScopeKind kind, Node set) {
    if (kind == ScopeKind::Rec) {
      push(n, literalScope(n));
      return;
    }
    const std::uint32_t scope = newScope(kind, n);
    model_->scopes[scope].bindings = set;
    defineAll(scope, n);
    if (set && kind == ScopeKind::Let) {
      forEachChild(set, [&](Node b, TSFieldId) {
        if (!b.is(syms().binding)) return true;
        const Node path = b.field(fields().attrpath);
        const Node first = path ? path.namedChild(0) : Node();
        if (first && !staticAttrName(first, src_)) {
          lint(first.range(), code::DynamicLetAttribute, Severity::Error,
               "dynamic attributes are not allowed in let", {});
        }
        return true;
      });
    } else if (!set && kind == ScopeKind::Let) {
      ByteOffset end = n.start() + 3;
      forEachChild(n, [&](Node c, TSFieldId) {
        if (!c.isNamed() && c.symbol() == syms().t_in) end = c.end();
        return true;
      });
      lint({n.start(), end}, code::EmptyLet, Severity::Warning, "`let` without bindings does nothing",
           {DiagnosticTag::Unnecessary});
    }
    push(n, scope);
  }

  void openLambda(Node n) {
    const std::uint32_t scope = newScope(ScopeKind::Lambda, n);
    defineAll(scope, n);
    // Nix rejects a name given twice, among the formals or as the `@` name.
    std::unordered_map<std::string_view, ByteRange> names;
    auto check = [&](Node name) {
      const std::string_view t = name.text(src_);
      if (auto [it, fresh] = names.emplace(t, name.range()); !fresh) {
        lint(name.range(), code::DuplicateFormal, Severity::Error,
             "duplicate formal function argument '" + std::string(t) + "'", {},
             {{it->second, "first declared here"}});
      }
    };
    if (const Node formals = n.field(fields().formals)) {
      forEachChild(formals, [&](Node f, TSFieldId) {
        if (!f.is(syms().formal)) return true;
        const Node name = f.field(fields().name);
        if (name && !name.isMissing() && name.range().length() > 0) check(name);
        return true;
      });
      const Node universal = n.field(fields().universal);
      if (universal && !universal.isMissing() && universal.range().length() > 0) check(universal);
    }
    push(n, scope);
  }

  void openWith(Node body) {
    const Node with = withNodes_.back();
    const std::uint32_t scope = newScope(ScopeKind::With, with);
    push(body, scope);
    withStack_.push_back(scope);
  }

  // Resolves a name in the lexical scopes, innermost first; skips the
  // definitions of scope `skip` (for `inherit a;` in let/rec).
  std::optional<std::uint32_t> lookup(std::string_view name, std::int64_t skip = -1) {
    auto it = visible_.find(name);
    if (it == visible_.end()) return std::nullopt;
    for (auto d = it->second.rbegin(); d != it->second.rend(); ++d) {
      if (static_cast<std::int64_t>(model_->defs[*d].scope) != skip) return *d;
    }
    return std::nullopt;
  }

  void resolve(std::string_view name, ByteRange range, std::int64_t skip = -1) {
    for (std::uint32_t w : withStack_) ++model_->scopes[w].withBodyRefs;
    Reference ref;
    ref.range = range;
    if (const auto d = lookup(name, skip)) {
      ref.target = Reference::Target::Definition;
      ref.index = *d;
      ++model_->defs[*d].uses;
    } else if (isGlobalName(name)) {
      ref.target = Reference::Target::Global;
    } else if (!withStack_.empty()) {
      ref.target = Reference::Target::With;
      ref.index = withStack_.back();
      // Any enclosing `with` may provide it.
      for (std::uint32_t w : withStack_) ++model_->scopes[w].withUses;
    } else {
      ref.target = Reference::Target::Undefined;
      if (broken_.empty()) {
        lint(range, code::UndefinedVariable, Severity::Error,
             "undefined variable '" + std::string(name) + "'", {});
      }
    }
    model_->refs.push_back(ref);
  }

  void reference(Node var) {
    // A variable_expression's only child is its identifier.
    const Node id = var.childCount() == 1 ? var.child(0) : var.field(fields().name);
    if (!id || id.isMissing() || id.range().length() == 0) return;
    resolve(id.text(src_), id.range());
  }

  // `inherit a b;`: each name is a reference. In let/rec, to the scope
  // outside; elsewhere, to the current scopes.
  void inheritOuter(Node inh) {
    const Node attrs = inh.field(fields().attrs);
    bool any = false;
    std::int64_t skip = -1;
    if (!open_.empty()) {
      // The walk is inside the inherit's binding set, which belongs to the
      // innermost scope if that scope is a let or rec set.
      const Scope& sc = model_->scopes[open_.back().scope];
      if ((sc.kind == ScopeKind::Let || sc.kind == ScopeKind::Rec || sc.kind == ScopeKind::LetAttrset) &&
          !sets_.empty() && sc.bindings == sets_.back()) {
        skip = open_.back().scope;
      }
    }
    if (attrs) {
      forEachChild(attrs, [&](Node a, TSFieldId) {
        if (!a.isNamed() || a.isMissing() || a.range().length() == 0) return true;
        any = true;
        if (const auto name = staticAttrName(a, src_)) resolve(*name, a.range(), skip);
        return true;
      });
    }
    if (!any) {
      lint(inh.range(), code::EmptyInherit, Severity::Warning, "`inherit` without names does nothing",
           {DiagnosticTag::Unnecessary});
    }
  }

  void checkBuiltinSelect(Node sel) {
    const Node e = sel.field(fields().expression);
    if (!e.is(syms().variable_expression) || e.text(src_) != "builtins") return;
    if (sel.field(fields().default_)) return;  // `builtins.x or y` is a feature test
    if (lookup("builtins")) return;             // a local `builtins`
    const Node path = sel.field(fields().attrpath);
    const Node first = path ? path.namedChild(0) : Node();
    if (!first.is(syms().identifier)) return;
    const std::string_view name = first.text(src_);
    if (!findBuiltin(name)) {
      lint(first.range(), code::UnknownBuiltin, Severity::Warning,
           "unknown builtin 'builtins." + std::string(name) + "'", {});
    }
  }

  void lint(ByteRange r, std::string_view code, Severity sev, std::string msg,
            std::vector<DiagnosticTag> tags, std::vector<RelatedInfo> related = {}) {
    model_->diagnostics.push_back({r, sev, std::string(code), std::move(msg), std::move(tags), std::move(related)});
  }

  void finish() {
    SemanticModel& m = *model_;
    for (const Definition& d : m.defs) {
      if (d.uses > 0 || d.name.starts_with("_")) continue;
      const Scope& sc = m.scopes[d.scope];
      if (sc.kind == ScopeKind::Rec || sc.kind == ScopeKind::LetAttrset) continue;  // attributes of the result
      const std::string what = std::string(d.name);
      switch (d.kind) {
        case DefKind::LetBinding:
          lint(d.nameRange, code::UnusedBinding, Severity::Warning,
               "unused let binding '" + what + "'", {DiagnosticTag::Unnecessary});
          break;
        case DefKind::Inherit:
          // `inherit (lib) a b c …;` importing more names than a file uses
          // is an idiom (nixpkgs' lib does it everywhere): faded, not
          // squiggled.
          lint(d.nameRange, code::UnusedBinding, d.inheritFrom ? Severity::Hint : Severity::Warning,
               "unused let binding '" + what + "'", {DiagnosticTag::Unnecessary});
          break;
        case DefKind::Formal:
        case DefKind::LambdaArg:
        case DefKind::PatternArg:
          if (conventionalArgument(d.name)) break;
          lint(d.nameRange, code::UnusedBinding, Severity::Hint,
               "unused function argument '" + what + "'", {DiagnosticTag::Unnecessary});
          break;
        default:
          break;
      }
    }
    for (const Scope& sc : m.scopes) {
      // `with lib.maintainers; [ ]` (a placeholder with no names at all) is
      // a common idiom, not a mistake: only a body that uses names, none
      // of which can come from the `with`, is reported.
      if (sc.kind == ScopeKind::With && sc.withUses == 0 && sc.withBodyRefs > 0) {
        const Node env = sc.node.field(fields().environment);
        ByteOffset end = env ? env.end() : sc.node.start() + 4;
        // Include the ';' after the environment.
        forEachChild(sc.node, [&](Node c, TSFieldId) {
          if (!c.isNamed() && c.symbol() == syms().t_semicolon) {
            end = c.end();
            return false;
          }
          return true;
        });
        lint({sc.node.start(), end}, code::UnusedWith, Severity::Warning,
             "unused `with`: no name in its body can come from it", {DiagnosticTag::Unnecessary});
      }
      if (sc.kind == ScopeKind::Rec && sc.endDef > sc.firstDef) {
        bool used = false;
        for (std::uint32_t i = sc.firstDef; i < sc.endDef && !used; ++i) used = m.defs[i].uses > 0;
        if (!used) {
          const Node kw = sc.node.child(0);
          lint(kw.range(), code::UnusedRec, Severity::Warning,
               "`rec` is unnecessary: no attribute refers to another", {DiagnosticTag::Unnecessary});
        }
      }
    }
    std::sort(m.refs.begin(), m.refs.end(),
              [](const Reference& a, const Reference& b) { return a.range.start < b.range.start; });
    m.defsByPosition.resize(m.defs.size());
    for (std::uint32_t i = 0; i < m.defs.size(); ++i) m.defsByPosition[i] = i;
    std::sort(m.defsByPosition.begin(), m.defsByPosition.end(), [&](std::uint32_t a, std::uint32_t b) {
      return m.defs[a].nameRange.start < m.defs[b].nameRange.start;
    });
  }

  const SyntaxTree& tree_;
  std::string_view src_;
  const SemanticConfig& cfg_;
  std::shared_ptr<SemanticModel> model_;
  std::vector<Open> open_;
  std::vector<std::uint32_t> withStack_;
  std::vector<Node> withNodes_;
  std::vector<Node> broken_;  // enclosing nodes with a syntax error child
  std::vector<Node> sets_;    // enclosing binding sets
  MergePlan plan_;
  std::unordered_map<const void*, std::uint32_t> literalScopes_;  // rec literal -> scope
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> visible_;
};

}  // namespace

const Reference* SemanticModel::referenceAt(ByteOffset offset) const {
  auto it = std::upper_bound(refs.begin(), refs.end(), offset,
                             [](ByteOffset o, const Reference& r) { return o < r.range.start; });
  if (it == refs.begin()) return nullptr;
  --it;
  return it->range.touches(offset) ? &*it : nullptr;
}

const Definition* SemanticModel::definitionAt(ByteOffset offset) const {
  auto it = std::upper_bound(defsByPosition.begin(), defsByPosition.end(), offset,
                             [&](ByteOffset o, std::uint32_t d) { return o < defs[d].nameRange.start; });
  if (it == defsByPosition.begin()) return nullptr;
  --it;
  return defs[*it].nameRange.touches(offset) ? &defs[*it] : nullptr;
}

std::vector<std::uint32_t> SemanticModel::referencesTo(std::uint32_t def) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < refs.size(); ++i) {
    if (refs[i].target == Reference::Target::Definition && refs[i].index == def) out.push_back(i);
  }
  return out;
}

std::vector<std::uint32_t> SemanticModel::scopesAt(ByteOffset offset) const {
  std::vector<std::uint32_t> out;
  // Scopes are created in pre-order, so later ones nest inside earlier ones.
  for (std::uint32_t i = static_cast<std::uint32_t>(scopes.size()); i-- > 0;) {
    if (scopes[i].node.range().touches(offset)) {
      out.push_back(i);
      // Follow the parent chain from the innermost match.
      for (std::int32_t p = scopes[i].parent; p >= 0; p = scopes[p].parent)
        out.push_back(static_cast<std::uint32_t>(p));
      break;
    }
  }
  return out;
}

std::shared_ptr<const SemanticModel> buildSemanticModel(const SyntaxTree& tree,
                                                        const SemanticConfig& cfg) {
  return Builder(tree, cfg).run();
}

}  // namespace fw
