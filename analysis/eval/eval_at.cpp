// Evaluation of a sub-expression in place (Evaluation::evalAt): walks the
// compiled tree from the root to the innermost expression covering a range,
// building on the way the environments a real evaluation would have there.

#include "analysis/eval/compile.h"
#include "analysis/eval/evaluator.h"

namespace fw::eval {

namespace {

bool covers(const Expr* e, ByteRange r) {
  return e && e->range.start <= r.start && r.end <= e->range.end;
}

// The set made for a dotted name (`a.b = x;` makes `a = { b = x; }`) has
// the range of the name `a`, not of what it holds: such a set leads to the
// target when one of its values does.
bool leadsTo(const Expr* e, ByteRange r, int depth = 0) {
  if (!e) return false;
  if (covers(e, r)) return true;
  if (e->kind != ExprKind::Attrs || depth > 64) return false;
  const auto* a = static_cast<const ExprAttrs*>(e);
  for (std::uint32_t i = 0; i < a->nStatic; ++i)
    if (leadsTo(a->statics[i].value, r, depth + 1)) return true;
  for (std::uint32_t i = 0; i < a->nDynamic; ++i)
    if (leadsTo(a->dynamics[i].value, r, depth + 1)) return true;
  return false;
}

struct Step {
  const Expr* expr = nullptr;
  Env* env = nullptr;
};

class Descender {
 public:
  Descender(EvalState& st, const SourceFile& file, ByteRange target) : st_(st), file_(file), target_(target) {}

  // The child of `e` covering the target, with its env, or nothing.
  Step child(const Expr* e, Env* env) {
    Step found;
    auto consider = [&](const Expr* c, auto makeEnv) {
      if (found.expr || !c || c == e || c->file != &file_ || !leadsTo(c, target_)) return;
      found = {c, makeEnv()};
    };
    auto same = [&] { return env; };
    switch (e->kind) {
      case ExprKind::Select: {
        const auto* s = static_cast<const ExprSelect*>(e);
        consider(s->subject, same);
        consider(s->fallback, same);
        for (std::uint32_t i = 0; i < s->count; ++i) consider(s->path[i].dynamic, same);
        break;
      }
      case ExprKind::HasAttr: {
        const auto* h = static_cast<const ExprHasAttr*>(e);
        consider(h->subject, same);
        for (std::uint32_t i = 0; i < h->count; ++i) consider(h->path[i].dynamic, same);
        break;
      }
      case ExprKind::Attrs: {
        const auto* a = static_cast<const ExprAttrs*>(e);
        Env* inner = nullptr;
        auto innerEnv = [&] {
          if (!inner) {
            if (a->rec()) {
              inner = st_.letEnv(a, env);
            } else {
              inner = st_.newEnv(env, a->nSources);
              for (std::uint32_t i = 0; i < a->nSources; ++i) inner->slots[i] = st_.lazy(a->sources[i], env);
            }
          }
          return inner;
        };
        for (std::uint32_t i = 0; i < a->nStatic; ++i) {
          if (a->statics[i].env == BindingEnv::Inner) {
            consider(a->statics[i].value, innerEnv);
          } else {
            consider(a->statics[i].value, same);
          }
        }
        for (std::uint32_t i = 0; i < a->nDynamic; ++i) {
          if (a->rec()) {
            consider(a->dynamics[i].name, innerEnv);
            consider(a->dynamics[i].value, innerEnv);
          } else {
            consider(a->dynamics[i].name, same);
            consider(a->dynamics[i].value, same);
          }
        }
        for (std::uint32_t i = 0; i < a->nSources; ++i) {
          if (a->rec()) {
            consider(a->sources[i], innerEnv);
          } else {
            consider(a->sources[i], same);
          }
        }
        break;
      }
      case ExprKind::Let: {
        const auto* l = static_cast<const ExprLet*>(e);
        Env* inner = nullptr;
        auto innerEnv = [&] {
          if (!inner) inner = st_.letEnv(l->bindings, env);
          return inner;
        };
        for (std::uint32_t i = 0; i < l->bindings->nStatic; ++i) {
          if (l->bindings->statics[i].env == BindingEnv::Inner) {
            consider(l->bindings->statics[i].value, innerEnv);
          } else {
            consider(l->bindings->statics[i].value, same);
          }
        }
        for (std::uint32_t i = 0; i < l->bindings->nSources; ++i) consider(l->bindings->sources[i], innerEnv);
        consider(l->body, innerEnv);
        break;
      }
      case ExprKind::List: {
        const auto* l = static_cast<const ExprList*>(e);
        for (std::uint32_t i = 0; i < l->count; ++i) consider(l->elems[i], same);
        break;
      }
      case ExprKind::Lambda: {
        const auto* fn = static_cast<const ExprLambda*>(e);
        Env* inner = nullptr;
        auto innerEnv = [&] {
          if (!inner) inner = argumentEnv(fn, env);
          return inner;
        };
        for (std::uint32_t i = 0; i < fn->nFormals; ++i) consider(fn->formals[i].fallback, innerEnv);
        consider(fn->body, innerEnv);
        break;
      }
      case ExprKind::Call: {
        const auto* c = static_cast<const ExprCall*>(e);
        consider(c->fn, same);
        for (std::uint32_t i = 0; i < c->count; ++i) consider(c->args[i], same);
        break;
      }
      case ExprKind::If: {
        const auto* i = static_cast<const ExprIf*>(e);
        consider(i->cond, same);
        consider(i->then, same);
        consider(i->otherwise, same);
        break;
      }
      case ExprKind::Assert: {
        const auto* a = static_cast<const ExprAssert*>(e);
        consider(a->cond, same);
        consider(a->body, same);
        break;
      }
      case ExprKind::With: {
        const auto* w = static_cast<const ExprWith*>(e);
        consider(w->attrs, same);
        consider(w->body, [&] {
          Env* inner = st_.newEnv(env, 1);
          inner->slots[0] = st_.lazy(w->attrs, env);
          return inner;
        });
        break;
      }
      case ExprKind::Not:
      case ExprKind::Neg:
        consider(static_cast<const ExprUnary*>(e)->operand, same);
        break;
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
        consider(b->left, same);
        consider(b->right, same);
        break;
      }
      case ExprKind::Interp: {
        const auto* in = static_cast<const ExprInterp*>(e);
        // The constant pieces of "v${version}" carry the whole string's
        // range: the string itself is the innermost expression there.
        for (std::uint32_t i = 0; i < in->count; ++i) {
          const Expr* part = in->parts[i];
          if (part && part->range.start == e->range.start && part->range.end == e->range.end) continue;
          consider(part, same);
        }
        break;
      }
      default:
        break;
    }
    return found;
  }

 private:
  // A function's env when nobody called it: defaults where there are some,
  // an error for what only a caller could supply.
  Env* argumentEnv(const ExprLambda* fn, Env* env) {
    Env* inner = st_.newEnv(env, fn->envSize());
    if (!fn->hasFormals) {
      inner->slots[0] = unknown(fn, fn->arg);
      return inner;
    }
    for (std::uint32_t i = 0; i < fn->nFormals; ++i) {
      const Formal& f = fn->formals[i];
      inner->slots[i] = f.fallback ? st_.lazy(f.fallback, inner) : unknown(fn, f.name);
    }
    if (fn->arg != kNoSymbol) inner->slots[fn->nFormals] = unknown(fn, fn->arg);
    return inner;
  }

  Value unknown(const ExprLambda* fn, Symbol name) {
    auto* e = st_.arena.make<ExprError>();
    e->kind = ExprKind::Error;
    e->range = fn->range;
    e->file = fn->file;
    e->message = st_.arena.copy("the value of function argument '" + std::string(st_.rt.symbols.name(name)) +
                                "' is not known here (the function is not being called)");
    e->errorKind = static_cast<std::uint8_t>(ErrorKind::Other);
    return Value::ofThunk(st_.newThunk(e, nullptr));
  }

  EvalState& st_;
  const SourceFile& file_;
  ByteRange target_;
};

}  // namespace

Outcome<ValueRef> Evaluation::evalAt(const std::string& given, ByteRange range) {
  return run<ValueRef>([&] {
    const std::string path = canonicalPath(given);
    state_->checkAllowed(path, nullptr);
    SourceFilePtr file;
    if (SyntaxTreePtr open = ev_.files().overlay(path)) {
      file = ev_.files().get(path, std::move(open), settings_.home);
    } else {
      file = ev_.files().get(path, state_->readFile(path, nullptr), settings_.home);
    }
    keep_.push_back(file);
    Descender d(*state_, *file, range);
    Step at{file->root, nullptr};
    for (Step next = d.child(at.expr, at.env); next.expr; next = d.child(at.expr, at.env)) at = next;
    Value v;
    state_->eval(at.expr, at.env, v);
    return ValueRef{v};
  });
}

}  // namespace fw::eval
