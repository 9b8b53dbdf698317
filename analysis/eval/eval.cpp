// The evaluation loop: one switch over Expr kinds. Constructs in tail
// position (the branches of `if`, the bodies of `let`, `with`, `assert` and
// of the last function applied in a call) continue the loop instead of
// recursing, so tail-recursive Nix code does not grow the C++ stack.

#include <cstring>

#include "analysis/eval/state.h"

namespace fw::eval {

namespace {

template <typename T>
const T* as(const Expr* e) {
  return static_cast<const T*>(e);
}

Env* walk(Env* env, std::uint32_t level) {
  while (level--) env = env->up;
  return env;
}

// `f a` and `f a b` with f, a, b in the slots of a small env: the code of
// lazy applications made by builtins.
struct ApplyExprs {
  ExprVar slot0, slot1, slot2;
  const Expr* args1[1];
  const Expr* args2[2];
  ExprCall call1, call2;
  ApplyExprs() {
    for (auto [v, i] : {std::pair{&slot0, 0u}, {&slot1, 1u}, {&slot2, 2u}}) {
      v->kind = ExprKind::Var;
      v->level = 0;
      v->slot = i;
      v->name = kNoSymbol;
    }
    args1[0] = &slot1;
    args2[0] = &slot1;
    args2[1] = &slot2;
    call1.kind = call2.kind = ExprKind::Call;
    call1.fn = call2.fn = &slot0;
    call1.count = 1;
    call1.args = args1;
    call2.count = 2;
    call2.args = args2;
  }
};
const ApplyExprs kApply;

}  // namespace

Value EvalState::lazyApply(Value f, Value a) {
  Env* env = newEnv(nullptr, 2);
  env->slots[0] = f;
  env->slots[1] = a;
  return Value::ofThunk(newThunk(&kApply.call1, env));
}

Value EvalState::lazyApply2(Value f, Value a, Value b) {
  Env* env = newEnv(nullptr, 3);
  env->slots[0] = f;
  env->slots[1] = a;
  env->slots[2] = b;
  return Value::ofThunk(newThunk(&kApply.call2, env));
}

Value EvalState::lazy(const Expr* e, Env* env) {
  switch (e->kind) {
    case ExprKind::Const:
      return as<ExprConst>(e)->value;
    case ExprKind::Var: {
      const auto* v = as<ExprVar>(e);
      return walk(env, v->level)->slots[v->slot];
    }
    case ExprKind::Builtin:
      return baseValue(as<ExprBuiltin>(e)->index);
    default:
      return Value::ofThunk(newThunk(e, env));
  }
}

void EvalState::forceThunk(Value& v) {
  Thunk* t = v.thunk;
  switch (t->state) {
    case ThunkState::Done:
      v = t->result;
      return;
    case ThunkState::Running:
      fail(ErrorKind::InfiniteRecursion, "infinite recursion encountered", t->code.expr);
    case ThunkState::Pending:
      break;
  }
  t->state = ThunkState::Running;
  Value r;
  try {
    eval(t->code.expr, t->code.env, r);
  } catch (...) {
    // Forcing again (tryEval, another attribute) re-evaluates.
    t->state = ThunkState::Pending;
    throw;
  }
  // A builtin's lazy application used its small env only to make the call.
  if (t->code.expr == &kApply.call1) {
    releaseEnv(t->code.env, 2);
  } else if (t->code.expr == &kApply.call2) {
    releaseEnv(t->code.env, 3);
  }
  t->result = r;
  t->state = ThunkState::Done;
  v = r;
}

// Binds a function's argument: a new env with the argument, or the formals
// matched against the attribute set.
static Env* bindLambda(EvalState& st, const Closure* c, Value& arg, const Expr* site) {
  const ExprLambda* fn = c->fn;
  if (!fn->hasFormals) {
    Env* env = st.newEnv(c->env, 1);
    env->slots[0] = arg;
    return env;
  }
  st.force(arg);
  if (arg.type != Type::Attrs) st.typeError(arg, "a set", site);
  const Attrs* attrs = arg.attrs;
  Env* env = st.newEnv(c->env, fn->envSize());
  std::uint32_t matched = 0;
  for (std::uint32_t i = 0; i < fn->nFormals; ++i) {
    const Formal& f = fn->formals[i];
    if (const Attr* a = attrs->find(f.name)) {
      env->slots[i] = a->value;
      ++matched;
    } else if (f.fallback) {
      // A thunk even for variables: the default may name a later formal
      // whose slot is not filled yet.
      env->slots[i] = f.fallback->kind == ExprKind::Const ? st.lazy(f.fallback, env)
                                                           : Value::ofThunk(st.newThunk(f.fallback, env));
    } else {
      st.fail(ErrorKind::MissingArgument,
              functionDescription(st, fn) + " called without required argument '" +
                  std::string(st.rt.symbols.name(f.name)) + "'",
              site);
    }
  }
  if (!fn->ellipsis && matched < attrs->size) {
    for (const Attr& a : *attrs) {
      bool known = false;
      for (std::uint32_t i = 0; i < fn->nFormals && !known; ++i) known = fn->formals[i].name == a.name;
      if (!known) {
        st.fail(ErrorKind::UnexpectedArgument,
                functionDescription(st, fn) + " called with unexpected argument '" +
                    std::string(st.rt.symbols.name(a.name)) + "'",
                site);
      }
    }
  }
  if (fn->arg != kNoSymbol) env->slots[fn->nFormals] = arg;
  return env;
}

std::string functionDescription(EvalState& st, const ExprLambda* fn) {
  std::string where;
  if (fn->file) {
    const auto [line, col] = fn->file->lineColumn(fn->range.start);
    const std::string& path = fn->file->path;
    where = (path == "«string»" ? std::string("(string)") : path) + ":" + std::to_string(line) +
            ":" + std::to_string(col);
  }
  if (fn->name != kNoSymbol) {
    return "'" + std::string(st.rt.symbols.name(fn->name)) + "' at " + where;
  }
  return "anonymous function at " + where;
}

void EvalState::call(Value fn, Value* args, std::uint32_t n, Value& out, const Expr* site) {
  DepthGuard guard(*this);
  std::uint32_t i = 0;
  while (i < n) {
    force(fn);
    switch (fn.type) {
      case Type::Lambda: {
        // `a: b: ...` applied to two arguments binds both without making
        // the intermediate closure.
        Closure local = *fn.lambda;
        for (;;) {
          Env* env = bindLambda(*this, &local, args[i], site);
          ++i;
          const Expr* body = local.fn->body;
          if (i < n && body->kind == ExprKind::Lambda) {
            local = Closure{static_cast<const ExprLambda*>(body), env};
            continue;
          }
          Value r;
          try {
            eval(body, env, r);
          } catch (EvalError& e) {
            if (e.wantsFrames() && site) e.addFrame("while calling " + functionDescription(*this, local.fn), site->file, site->range);
            throw;
          }
          if (!local.fn->capturesEnv) releaseEnv(env, local.fn->envSize());
          fn = r;
          break;
        }
        break;
      }
      case Type::PrimOp: {
        const PrimOp* op = fn.primop;
        if (n - i >= op->arity) {
          Value r;
          op->fn(*this, args + i, r, site);
          i += op->arity;
          fn = r;
        } else {
          auto* app = static_cast<PrimOpApp*>(arena.allocate(sizeof(PrimOpApp) + sizeof(Value) * (n - i)));
          app->op = op;
          app->count = n - i;
          std::memcpy(static_cast<void*>(app->args), args + i, sizeof(Value) * (n - i));
          fn.type = Type::PrimOpApp;
          fn.app = app;
          i = n;
        }
        break;
      }
      case Type::PrimOpApp: {
        const PrimOpApp* app = fn.app;
        const std::uint32_t need = app->op->arity - app->count;
        const std::uint32_t take = std::min(need, n - i);
        auto* next = static_cast<PrimOpApp*>(
            arena.allocate(sizeof(PrimOpApp) + sizeof(Value) * (app->count + take)));
        next->op = app->op;
        next->count = app->count + take;
        std::memcpy(static_cast<void*>(next->args), app->args, sizeof(Value) * app->count);
        std::memcpy(static_cast<void*>(next->args + app->count), args + i, sizeof(Value) * take);
        i += take;
        if (take == need) {
          Value r;
          next->op->fn(*this, next->args, r, site);
          fn = r;
        } else {
          fn.app = next;
        }
        break;
      }
      case Type::Attrs: {
        Attr* functor = fn.attrs->find(sym.functor);
        if (!functor) {
          fail(ErrorKind::NotAFunction, "attempt to call something which is not a function but a set",
               site);
        }
        // f x = f.__functor f x
        Value self = fn;
        Value partial = call1(functor->value, self, site);
        Value r;
        call(partial, args + i, 1, r, site);
        ++i;
        fn = r;
        break;
      }
      default:
        fail(ErrorKind::NotAFunction,
             std::string("attempt to call something which is not a function but ") +
                 showValueType(fn),
             site);
    }
  }
  force(fn);
  out = fn;
}

void EvalState::eval(const Expr* e, Env* env, Value& out) {
  DepthGuard guard(*this, e);
  for (;;) {
    step();
    switch (e->kind) {
      case ExprKind::Const:
        out = as<ExprConst>(e)->value;
        return;
      case ExprKind::Var: {
        const auto* v = as<ExprVar>(e);
        Value& slot = walk(env, v->level)->slots[v->slot];
        if (slot.type == Type::Thunk) {
          try {
            forceThunk(slot);
          } catch (EvalError& err) {
            if (err.kind() == ErrorKind::InfiniteRecursion) err.setPos(e->file, e->range);
            throw;
          }
        }
        out = slot;
        return;
      }
      case ExprKind::Builtin:
        out = baseValue(as<ExprBuiltin>(e)->index);
        return;
      case ExprKind::WithVar:
        evalWithVar(as<ExprWithVar>(e), env, out);
        return;
      case ExprKind::Select:
        evalSelect(as<ExprSelect>(e), env, out);
        return;
      case ExprKind::HasAttr:
        out = Value::boolean(evalHasAttr(as<ExprHasAttr>(e), env));
        return;
      case ExprKind::Attrs:
        out = evalAttrs(as<ExprAttrs>(e), env);
        return;
      case ExprKind::Let: {
        const auto* l = as<ExprLet>(e);
        env = letEnv(l->bindings, env);
        e = l->body;
        continue;
      }
      case ExprKind::List: {
        const auto* l = as<ExprList>(e);
        if (l->count == 0) {
          out = emptyList();
          return;
        }
        List* list = newList(l->count);
        for (std::uint32_t i = 0; i < l->count; ++i) list->elems[i] = lazy(l->elems[i], env);
        out = Value::ofList(list);
        return;
      }
      case ExprKind::Lambda:
        out = newClosure(as<ExprLambda>(e), env);
        return;
      case ExprKind::Call: {
        const auto* c = as<ExprCall>(e);
        Value fn;
        eval(c->fn, env, fn);
        Value small[4];
        std::vector<Value> big;
        Value* args = small;
        if (c->count > 4) {
          big.resize(c->count);
          args = big.data();
        }
        for (std::uint32_t i = 0; i < c->count; ++i) args[i] = lazy(c->args[i], env);
        // Apply all but the last argument, then enter the last function's
        // body in this loop when it is a lambda (a tail call).
        if (c->count > 1) call(fn, args, c->count - 1, fn, e);
        if (fn.type == Type::Lambda) {
          env = bindLambda(*this, fn.lambda, args[c->count - 1], e);
          e = fn.lambda->fn->body;
          guard.tailCall(e);
          continue;
        }
        call(fn, args + c->count - 1, 1, out, e);
        return;
      }
      case ExprKind::If: {
        const auto* i = as<ExprIf>(e);
        Value c;
        eval(i->cond, env, c);
        if (c.type != Type::Bool) typeError(c, "a Boolean", i->cond);
        e = c.b ? i->then : i->otherwise;
        continue;
      }
      case ExprKind::Assert: {
        const auto* a = as<ExprAssert>(e);
        Value c;
        eval(a->cond, env, c);
        if (c.type != Type::Bool) typeError(c, "a Boolean", a->cond);
        if (!c.b) {
          const std::string_view text =
              std::string_view(a->file->text()).substr(a->cond->range.start, a->cond->range.length());
          fail(ErrorKind::Assertion, "assertion '" + std::string(text) + "' failed", e);
        }
        e = a->body;
        continue;
      }
      case ExprKind::With: {
        const auto* w = as<ExprWith>(e);
        Env* inner = newEnv(env, 1);
        inner->slots[0] = lazy(w->attrs, env);
        env = inner;
        e = w->body;
        continue;
      }
      case ExprKind::Not: {
        Value v;
        eval(as<ExprUnary>(e)->operand, env, v);
        if (v.type != Type::Bool) typeError(v, "a Boolean", e);
        out = Value::boolean(!v.b);
        return;
      }
      case ExprKind::And:
      case ExprKind::Or:
      case ExprKind::Impl: {
        const auto* b = as<ExprBinary>(e);
        Value l;
        eval(b->left, env, l);
        if (l.type != Type::Bool) typeError(l, "a Boolean", b->left);
        const bool shortCircuit = e->kind == ExprKind::And ? !l.b : e->kind == ExprKind::Or ? l.b : !l.b;
        if (shortCircuit) {
          out = Value::boolean(e->kind != ExprKind::And);
          return;
        }
        Value r;
        eval(b->right, env, r);
        if (r.type != Type::Bool) typeError(r, "a Boolean", b->right);
        out = r;
        return;
      }
      case ExprKind::Error: {
        const auto* x = as<ExprError>(e);
        fail(static_cast<ErrorKind>(x->errorKind), x->message, e);
      }
      case ExprKind::SearchPath: {
        const auto* s = as<ExprSearchPath>(e);
        out = newString(findInSearchPath(s->name.str(), e), Type::Path);
        return;
      }
      default:
        evalOperator(e, env, out);
        return;
    }
  }
}

void EvalState::evalWithVar(const ExprWithVar* v, Env* env, Value& out) {
  for (std::uint32_t i = 0; i < v->count; ++i) {
    Env* w = walk(env, v->levels[i]);
    Value& set = w->slots[0];
    force(set);
    if (set.type != Type::Attrs) typeError(set, "a set", v);
    if (Attr* a = set.attrs->find(v->name)) {
      force(a->value);
      out = a->value;
      return;
    }
  }
  fail(ErrorKind::UndefinedVariable,
       "undefined variable '" + std::string(rt.symbols.name(v->name)) + "'", v);
}

}  // namespace fw::eval
