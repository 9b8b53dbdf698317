#include "analysis/syntax_helpers.h"
#include "analysis/scopes.h"

#include <unordered_set>

#include "analysis/attr_names.h"
#include "analysis/builtins_table.h"

namespace fw {

std::optional<ScopeKind> scopeKindOf(Node n) {
  const Symbols& s = syms();
  const TSSymbol k = n.symbol();
  if (k == s.let_expression) return ScopeKind::Let;
  if (k == s.rec_attrset_expression) return ScopeKind::Rec;
  if (k == s.let_attrset_expression) return ScopeKind::LetAttrset;
  if (k == s.function_expression) return ScopeKind::Lambda;
  if (k == s.with_expression) return ScopeKind::With;
  return std::nullopt;
}

namespace {


}  // namespace

void forEachScopeDefinition(Node scope, std::string_view src,
                            const std::function<void(const ScopeDef&)>& fn) {
  const Symbols& s = syms();
  const std::optional<ScopeKind> kind = scopeKindOf(scope);
  if (!kind || *kind == ScopeKind::With) return;
  if (*kind == ScopeKind::Lambda) {
    std::unordered_set<std::string_view> seen;
    if (const Node formals = scope.field(fields().formals)) {
      forEachChild(formals, [&](Node f, TSFieldId) {
        if (!f.is(s.formal)) return true;
        const Node name = f.field(fields().name);
        if (!name || name.isMissing() || name.range().length() == 0) return true;
        const std::string_view t = name.text(src);
        if (!seen.insert(t).second) return true;
        ScopeDef d;
        d.name = t;
        d.nameRange = name.range();
        d.kind = DefKind::Formal;
        d.node = f;
        d.value = f.field(fields().default_);
        fn(d);
        return true;
      });
    }
    const Node universal = scope.field(fields().universal);
    if (universal && !universal.isMissing() && universal.range().length() > 0 &&
        !seen.count(universal.text(src))) {
      ScopeDef d;
      d.name = universal.text(src);
      d.nameRange = universal.range();
      d.kind = scope.field(fields().formals) ? DefKind::PatternArg : DefKind::LambdaArg;
      d.node = universal;
      fn(d);
    }
    return;
  }
  const Node set = bindingSetOf(scope);
  if (!set) return;
  const DefKind dk = *kind == ScopeKind::Let ? DefKind::LetBinding : DefKind::RecAttr;
  std::unordered_set<std::string_view> seen;
  forEachChild(set, [&](Node b, TSFieldId) {
    if (b.is(s.binding)) {
      const Node path = b.field(fields().attrpath);
      const Node first = path ? path.namedChild(0) : Node();
      if (!first) return true;
      const std::optional<std::string_view> name = staticAttrName(first, src);
      if (!name || !seen.insert(*name).second) return true;
      ScopeDef d;
      d.name = *name;
      d.nameRange = first.range();
      d.kind = dk;
      d.node = b;
      // `a.b = v` defines `a` as a set, not as v.
      if (path.namedChildCount() == 1) d.value = b.field(fields().expression);
      fn(d);
    } else if (b.is(s.inherit) || b.is(s.inherit_from)) {
      const Node from = b.is(s.inherit_from) ? b.field(fields().expression) : Node();
      const Node attrs = b.field(fields().attrs);
      if (!attrs) return true;
      forEachChild(attrs, [&](Node a, TSFieldId) {
        if (!a.isNamed() || a.isMissing()) return true;
        const std::optional<std::string_view> name = staticAttrName(a, src);
        if (!name || !seen.insert(*name).second) return true;
        ScopeDef d;
        d.name = *name;
        d.nameRange = a.range();
        d.kind = DefKind::Inherit;
        d.node = b;
        d.inheritFrom = from;
        d.inheritOuter = !from;
        fn(d);
        return true;
      });
    }
    return true;
  });
}

Resolution resolveName(std::span<const Node> path, std::string_view name, std::string_view src,
                       bool inheritAttr) {
  Resolution r;
  // `inherit a;` directly in a let/rec set skips that set's own scope.
  std::size_t skipScope = path.size();
  if (inheritAttr) {
    for (std::size_t i = path.size(); i-- > 0;) {
      if (path[i].is(syms().binding_set)) {
        if (i > 0 && scopeKindOf(path[i - 1]) && *scopeKindOf(path[i - 1]) != ScopeKind::Lambda &&
            *scopeKindOf(path[i - 1]) != ScopeKind::With)
          skipScope = i - 1;
        break;
      }
    }
  }
  for (std::size_t i = path.size(); i-- > 0;) {
    const Node n = path[i];
    const std::optional<ScopeKind> kind = scopeKindOf(n);
    if (!kind || i == skipScope) continue;
    if (*kind == ScopeKind::With) {
      // Only the body is in the with's scope.
      if (!r.withNode && i + 1 < path.size() && n.field(fields().body) == path[i + 1]) r.withNode = n;
      continue;
    }
    bool found = false;
    forEachScopeDefinition(n, src, [&](const ScopeDef& d) {
      if (!found && d.name == name) {
        r.def = d;
        found = true;
      }
    });
    if (found) {
      r.kind = Resolution::Kind::Definition;
      r.scopeNode = n;
      return r;
    }
  }
  if (isGlobalName(name)) {
    r.kind = Resolution::Kind::Global;
  } else if (r.withNode) {
    r.kind = Resolution::Kind::With;
  }
  return r;
}

}  // namespace fw
