// Compiling bindings: attribute sets, rec sets and let. Bindings are first
// collected (merging nested attribute paths like Nix's parser does), then
// emitted with their environment layout.

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "analysis/eval/compile_internal.h"
#include "analysis/eval/stack_guard.h"

namespace fw::eval::detail {

// tree-sitter wraps a set with a broken binding into an ERROR node that
// still holds the good bindings: evaluate those (the syntax error is
// reported anyway), so the rest of a file being edited stays usable.
const Expr* Compiler::recoverError(Node n, const Scope* scope) {
  bool brace = false, rec = false;
  std::vector<Node> bindings;
  forEachChild(n, [&](Node c, TSFieldId) {
    if (c.is(syms().t_lbrace)) brace = true;
    if (c.is(syms().t_rec) && !brace) rec = true;
    if (c.is(syms().binding) || c.is(syms().inherit) || c.is(syms().inherit_from)) bindings.push_back(c);
    return true;
  });
  if (!brace || bindings.empty()) return syntaxErrorNode(n);
  PendingAttrs pending;
  for (Node b : bindings) collectOne(b, pending, scope, false);
  return emitAttrs(pending, n.range(), scope, rec, false);
}

// ---- bindings
// Adds the bindings of a binding_set to `into`. `isLet` rejects dynamic
// names.
void Compiler::collect(Node set, PendingAttrs& into, const Scope* scope, bool isLet) {
  // An empty set literal (`a = { };` merged with `a.b = …;`) has no
  // binding_set.
  if (!set) return;
  forEachChild(set, [&](Node b, TSFieldId f) {
    if (f != fields().binding) {
      if (b.isError()) syntaxErrorNode(b);
      return true;
    }
    collectOne(b, into, scope, isLet);
    return true;
  });
}

void Compiler::collectOne(Node b, PendingAttrs& into, const Scope* scope, bool isLet) {
  if (b.is(syms().binding)) {
    collectBinding(b, into, scope, isLet);
  } else if (b.is(syms().inherit) || b.is(syms().inherit_from)) {
    collectInherit(b, into, isLet);
  }
}

void Compiler::duplicate(ByteRange r, std::string_view name, ByteRange previous) {
  const auto [line, col] = f_.lineColumn(previous.start);
  error(r,
        // Nix 2.8 names an expression's position "(string)" here.
        "attribute '" + std::string(name) + "' already defined at " +
            (f_.path == "«string»" ? std::string("(string)") : f_.path) + ":" + std::to_string(line) + ":" +
            std::to_string(col),
        ErrorKind::DuplicateAttribute);
}

void Compiler::collectInherit(Node b, PendingAttrs& into, bool isLet) {
  const bool from = b.is(syms().inherit_from);
  std::uint32_t source = 0;
  if (from) {
    source = static_cast<std::uint32_t>(into.sources.size());
    into.sources.push_back(b.field(fields().expression));
  }
  const Node attrs = b.field(fields().attrs);
  if (attrs.isNull()) return;
  forEachChild(attrs, [&](Node a, TSFieldId f) {
    if (f != fields().attr || a.isMissing()) return true;
    const auto name = staticName(a);
    if (!name) {
      error(a.range(),
            isLet ? "dynamic attributes not allowed in let" : "dynamic attributes not allowed in inherit",
            ErrorKind::Syntax);
      return true;
    }
    if (auto it = into.index.find(*name); it != into.index.end()) {
      duplicate(a.range(), rt_.symbols.name(*name), into.statics[it->second].range);
      return true;
    }
    PendingBinding pb;
    pb.name = *name;
    pb.range = a.range();
    pb.kind = from ? PendingKind::InheritFrom : PendingKind::Inherit;
    pb.source = source;
    into.index.emplace(*name, into.statics.size());
    into.statics.push_back(std::move(pb));
    return true;
  });
}

void Compiler::collectBinding(Node b, PendingAttrs& into, const Scope* scope, bool isLet) {
  const Node pathNode = b.field(fields().attrpath);
  const Node value = b.field(fields().expression);
  std::vector<Node> path;
  if (!pathNode.isNull()) {
    forEachChild(pathNode, [&](Node c, TSFieldId f) {
      if (f == fields().attr) path.push_back(c);
      return true;
    });
  }
  if (path.empty()) return;  // a syntax error, reported elsewhere
  PendingAttrs* cur = &into;
  std::string display;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const Node a = path[i];
    const bool last = i + 1 == path.size();
    if (!display.empty()) display += '.';
    display += attrDisplay(a);
    const auto name = staticName(a);
    if (!name) {
      if (isLet && cur == &into) {
        error(a.range(), "dynamic attributes not allowed in let", ErrorKind::Syntax);
        return;
      }
      PendingDynamic d;
      d.name = a;
      d.range = a.range();
      if (last) {
        d.expr = value;
        cur->dynamics.push_back(std::move(d));
        return;
      }
      d.nested = std::make_unique<PendingAttrs>();
      PendingAttrs* next = d.nested.get();
      cur->dynamics.push_back(std::move(d));
      cur = next;
      continue;
    }
    auto it = cur->index.find(*name);
    if (it == cur->index.end()) {
      PendingBinding pb;
      pb.name = *name;
      pb.range = a.range();
      if (last) {
        pb.kind = PendingKind::Value;
        pb.expr = value;
        cur->index.emplace(*name, cur->statics.size());
        cur->statics.push_back(std::move(pb));
        return;
      }
      pb.kind = PendingKind::Nested;
      pb.nested = std::make_unique<PendingAttrs>();
      PendingAttrs* next = pb.nested.get();
      cur->index.emplace(*name, cur->statics.size());
      cur->statics.push_back(std::move(pb));
      cur = next;
      continue;
    }
    PendingBinding& existing = cur->statics[it->second];
    // Merging is allowed between attribute paths and plain set literals.
    if (existing.kind == PendingKind::Value && isPlainSet(existing.expr)) {
      existing.kind = PendingKind::Nested;
      existing.nested = std::make_unique<PendingAttrs>();
      collect(childOfType(existing.expr, syms().binding_set), *existing.nested, scope, false);
    }
    if (existing.kind != PendingKind::Nested) {
      duplicate(a.range(), display, existing.range);
      return;
    }
    if (last) {
      if (!isPlainSet(value)) {
        duplicate(a.range(), display, existing.range);
        return;
      }
      collect(childOfType(value, syms().binding_set), *existing.nested, scope, false);
      return;
    }
    cur = existing.nested.get();
  }
}

bool Compiler::isPlainSet(Node n) const {
  return !n.isNull() && n.is(syms().attrset_expression);
}

// Compiles collected bindings. For rec and let, names are visible in the
// set's own env; `inherit x` always looks outside.
const ExprAttrs* Compiler::emitAttrs(PendingAttrs& p, ByteRange r, const Scope* scope, bool rec, bool isLet) {
  auto* e = node<ExprAttrs>(ExprKind::Attrs, r);
  if (rec || isLet) e->flags = kRec;
  std::vector<std::size_t> order(p.statics.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return p.statics[a].name < p.statics[b].name; });
  const std::uint32_t nStatic = static_cast<std::uint32_t>(order.size());
  Scope inner;
  inner.up = scope;
  if (e->rec()) {
    inner.vars.reserve(nStatic);
    for (std::uint32_t i = 0; i < nStatic; ++i) inner.vars.push_back({p.statics[order[i]].name, i});
  }
  const bool hasInner = e->rec() || !p.sources.empty();
  const Scope* valueScope = e->rec() ? &inner : scope;
  // `inherit (src)` sources live after the statics in rec envs, alone in
  // the env of a plain set.
  const std::uint32_t sourceBase = e->rec() ? nStatic : 0;
  auto* sources = array<const Expr*>(p.sources.size());
  for (std::size_t i = 0; i < p.sources.size(); ++i) {
    sources[i] = expr(p.sources[i], e->rec() ? &inner : scope);
  }
  auto* statics = array<StaticBinding>(nStatic);
  for (std::uint32_t i = 0; i < nStatic; ++i) {
    PendingBinding& b = p.statics[order[i]];
    StaticBinding& s = statics[i];
    s.name = b.name;
    s.pos = rt_.positions.add(&f_, b.range);
    switch (b.kind) {
      case PendingKind::Value:
        s.value = bindingValue(b.expr, valueScope, b.name);
        s.env = e->rec() ? BindingEnv::Inner : BindingEnv::Outer;
        break;
      case PendingKind::Nested:
        s.value = emitAttrs(*b.nested, b.range, valueScope, false, false);
        s.env = e->rec() ? BindingEnv::Inner : BindingEnv::Outer;
        break;
      case PendingKind::Inherit:
        s.value = variable(b.name, b.range, scope);
        s.env = BindingEnv::Outer;
        break;
      case PendingKind::InheritFrom: {
        auto* src = node<ExprVar>(ExprKind::Var, b.range);
        src->level = 0;
        src->slot = sourceBase + b.source;
        src->name = kNoSymbol;
        auto* sel = node<ExprSelect>(ExprKind::Select, b.range);
        sel->subject = src;
        sel->fallback = nullptr;
        sel->count = 1;
        auto* path = array<AttrName>(1);
        path[0].name = b.name;
        path[0].dynamic = nullptr;
        sel->path = path;
        s.value = sel;
        s.env = BindingEnv::Inner;
        break;
      }
    }
  }
  (void)hasInner;
  auto* dynamics = array<DynamicBinding>(p.dynamics.size());
  for (std::size_t i = 0; i < p.dynamics.size(); ++i) {
    PendingDynamic& d = p.dynamics[i];
    AttrName n = attrName(d.name, valueScope);
    dynamics[i].name = n.dynamic ? n.dynamic : stringConst(d.range, rt_.symbols.name(n.name));
    dynamics[i].pos = rt_.positions.add(&f_, d.range);
    dynamics[i].value = d.nested ? emitAttrs(*d.nested, d.range, valueScope, false, false)
                                 : expr(d.expr, valueScope);
  }
  e->nStatic = nStatic;
  e->statics = statics;
  e->nDynamic = static_cast<std::uint32_t>(p.dynamics.size());
  e->dynamics = dynamics;
  e->nSources = static_cast<std::uint32_t>(p.sources.size());
  e->sources = sources;
  return e;
}

// A binding's value; functions learn the name they are bound to.
const Expr* Compiler::bindingValue(Node value, const Scope* scope, Symbol name) {
  if (value.isNull()) return silentError({0, 0}, "syntax error");
  Node v = value;
  if (v.is(syms().function_expression)) return lambda(v, scope, name);
  return expr(v, scope);
}

const Expr* Compiler::let(Node n, const Scope* scope) {
  PendingAttrs pending;
  const Node set = childOfType(n, syms().binding_set);
  if (!set.isNull()) collect(set, pending, scope, true);
  auto* e = node<ExprLet>(ExprKind::Let, n.range());
  const ExprAttrs* attrs = emitAttrs(pending, n.range(), scope, true, true);
  e->bindings = attrs;
  Scope inner;
  inner.up = scope;
  for (std::uint32_t i = 0; i < attrs->nStatic; ++i) inner.vars.push_back({attrs->statics[i].name, i});
  e->body = expr(n.field(fields().body), &inner);
  return e;
}

// let { a = 1; body = a; } is (rec { ... }).body
const Expr* Compiler::letAttrset(Node n, const Scope* scope) {
  PendingAttrs pending;
  const Node set = childOfType(n, syms().binding_set);
  if (!set.isNull()) collect(set, pending, scope, false);
  const Expr* attrs = emitAttrs(pending, n.range(), scope, true, false);
  auto* sel = node<ExprSelect>(ExprKind::Select, n.range());
  sel->subject = attrs;
  sel->fallback = nullptr;
  sel->count = 1;
  auto* path = array<AttrName>(1);
  path[0].name = rt_.sym.body;
  path[0].dynamic = nullptr;
  sel->path = path;
  return sel;
}
}  // namespace fw::eval::detail
