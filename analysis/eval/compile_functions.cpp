// Compiling functions: formals, the argument env layout, and the analysis
// of whether a body can keep a pointer to its call env (ExprLambda::capturesEnv).

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "analysis/eval/compile_internal.h"
#include "analysis/eval/stack_guard.h"

namespace fw::eval::detail {

// ---- functions
const Expr* Compiler::lambda(Node n, const Scope* scope, Symbol name) {
  auto* e = node<ExprLambda>(ExprKind::Lambda, n.range());
  e->name = name;
  const Node universal = n.field(fields().universal);
  const Node formals = n.field(fields().formals);
  if (!universal.isNull()) e->arg = sym(universal.text(src_));
  Scope inner;
  inner.up = scope;
  if (formals.isNull()) {
    inner.vars.push_back({e->arg, 0});
    e->body = expr(n.field(fields().body), &inner);
    return e;
  }
  e->hasFormals = true;
  struct F {
    Symbol name;
    Node node;
    Node def;
  };
  std::vector<F> fs;
  forEachChild(formals, [&](Node c, TSFieldId f) {
    if (f == fields().formal) {
      const Node id = c.field(fields().name);
      if (!id.isNull()) fs.push_back({sym(id.text(src_)), c, c.field(fields().default_)});
    } else if (f == fields().ellipses) {
      e->ellipsis = true;
    }
    return true;
  });
  std::stable_sort(fs.begin(), fs.end(), [](const F& a, const F& b) { return a.name < b.name; });
  for (std::size_t i = 1; i < fs.size(); ++i) {
    if (fs[i].name == fs[i - 1].name) {
      return error(fs[i].node.range(),
                   "duplicate formal function argument '" +
                       std::string(rt_.symbols.name(fs[i].name)) + "'",
                   ErrorKind::Syntax);
    }
  }
  for (std::size_t i = 0; i < fs.size(); ++i) {
    inner.vars.push_back({fs[i].name, static_cast<std::uint32_t>(i)});
    if (fs[i].name == e->arg) {
      return error(universal.range(),
                   "duplicate formal function argument '" +
                       std::string(rt_.symbols.name(e->arg)) + "'",
                   ErrorKind::Syntax);
    }
  }
  if (e->arg != kNoSymbol) inner.vars.push_back({e->arg, static_cast<std::uint32_t>(fs.size())});
  std::sort(inner.vars.begin(), inner.vars.end());
  auto* arr = array<Formal>(fs.size());
  for (std::size_t i = 0; i < fs.size(); ++i) {
    arr[i].name = fs[i].name;
    arr[i].pos = rt_.positions.add(&f_, fs[i].node.field(fields().name).range());
    arr[i].fallback = fs[i].def.isNull() ? nullptr : expr(fs[i].def, &inner);
  }
  e->nFormals = static_cast<std::uint32_t>(fs.size());
  e->formals = arr;
  e->body = expr(n.field(fields().body), &inner);
  bool captures = false;
  for (std::size_t i = 0; i < fs.size() && !captures; ++i) captures = arr[i].fallback && !trivial(arr[i].fallback);
  e->capturesEnv = captures || capturesEnv(e->body);
  return e;
}

// Expressions that lazy() turns into values without a thunk.
bool Compiler::trivial(const Expr* e) {
  return e->kind == ExprKind::Const || e->kind == ExprKind::Var || e->kind == ExprKind::Builtin;
}

// Can evaluating `e` in an env leave something behind that points to the
// env? Conservative: anything that makes a thunk, closure or child env.
bool Compiler::capturesEnv(const Expr* e) {
  if (stackExhausted()) return true;
  switch (e->kind) {
    case ExprKind::Const:
    case ExprKind::Var:
    case ExprKind::Builtin:
    case ExprKind::WithVar:
    case ExprKind::SearchPath:
    case ExprKind::Error:
      return false;
    case ExprKind::Select: {
      const auto* s = static_cast<const ExprSelect*>(e);
      if (capturesEnv(s->subject) || (s->fallback && capturesEnv(s->fallback))) return true;
      for (std::uint32_t i = 0; i < s->count; ++i) {
        if (s->path[i].dynamic && capturesEnv(s->path[i].dynamic)) return true;
      }
      return false;
    }
    case ExprKind::HasAttr: {
      const auto* h = static_cast<const ExprHasAttr*>(e);
      if (capturesEnv(h->subject)) return true;
      for (std::uint32_t i = 0; i < h->count; ++i) {
        if (h->path[i].dynamic && capturesEnv(h->path[i].dynamic)) return true;
      }
      return false;
    }
    case ExprKind::Attrs: {
      const auto* a = static_cast<const ExprAttrs*>(e);
      if (a->needsEnv()) return true;
      for (std::uint32_t i = 0; i < a->nStatic; ++i) {
        if (!trivial(a->statics[i].value)) return true;
      }
      for (std::uint32_t i = 0; i < a->nDynamic; ++i) {
        if (!trivial(a->dynamics[i].value) || capturesEnv(a->dynamics[i].name)) return true;
      }
      return false;
    }
    case ExprKind::List: {
      const auto* l = static_cast<const ExprList*>(e);
      for (std::uint32_t i = 0; i < l->count; ++i) {
        if (!trivial(l->elems[i])) return true;
      }
      return false;
    }
    case ExprKind::Call: {
      const auto* c = static_cast<const ExprCall*>(e);
      if (capturesEnv(c->fn)) return true;
      for (std::uint32_t i = 0; i < c->count; ++i) {
        if (!trivial(c->args[i])) return true;
      }
      return false;
    }
    case ExprKind::If: {
      const auto* i = static_cast<const ExprIf*>(e);
      return capturesEnv(i->cond) || capturesEnv(i->then) || capturesEnv(i->otherwise);
    }
    case ExprKind::Assert: {
      const auto* a = static_cast<const ExprAssert*>(e);
      return capturesEnv(a->cond) || capturesEnv(a->body);
    }
    case ExprKind::Not:
    case ExprKind::Neg:
      return capturesEnv(static_cast<const ExprUnary*>(e)->operand);
    case ExprKind::And:
    case ExprKind::Or:
    case ExprKind::Impl:
    case ExprKind::Eq:
    case ExprKind::Neq:
    case ExprKind::Lt:
    case ExprKind::Update:
    case ExprKind::Concat:
    case ExprKind::Add:
    case ExprKind::Sub:
    case ExprKind::Mul:
    case ExprKind::Div: {
      const auto* b = static_cast<const ExprBinary*>(e);
      return capturesEnv(b->left) || capturesEnv(b->right);
    }
    case ExprKind::Interp: {
      const auto* in = static_cast<const ExprInterp*>(e);
      for (std::uint32_t i = 0; i < in->count; ++i) {
        if (capturesEnv(in->parts[i])) return true;
      }
      return false;
    }
    default:  // Let, Lambda, With
      return true;
  }
}
}  // namespace fw::eval::detail
