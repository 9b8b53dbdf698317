// Operators: arithmetic (64-bit integers wrap around as in Nix 2.8, floats
// are doubles), `+` on strings and paths, string interpolation, `++`, `//`,
// equality and ordering.

#include <cmath>
#include <cstring>
#include <limits>

#include "analysis/eval/compile.h"
#include "analysis/eval/state.h"

namespace fw::eval {

namespace {

template <typename T>
const T* as(const Expr* e) {
  return static_cast<const T*>(e);
}

std::int64_t wrapAdd(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
std::int64_t wrapSub(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
std::int64_t wrapMul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

}  // namespace

Value EvalState::arith(char op, Value& a, Value& b, const Expr* site) {
  force(a);
  force(b);
  if (a.type == Type::Float || b.type == Type::Float) {
    const double x = forceFloat(a, site);
    const double y = forceFloat(b, site);
    switch (op) {
      case '+':
        return Value::number(x + y);
      case '-':
        return Value::number(x - y);
      case '*':
        return Value::number(x * y);
      default:
        if (y == 0) fail(ErrorKind::DivisionByZero, "division by zero", site);
        return Value::number(x / y);
    }
  }
  const std::int64_t x = forceInt(a, site);
  const std::int64_t y = forceInt(b, site);
  switch (op) {
    case '+':
      return Value::integer(wrapAdd(x, y));
    case '-':
      return Value::integer(wrapSub(x, y));
    case '*':
      return Value::integer(wrapMul(x, y));
    default:
      if (y == 0) fail(ErrorKind::DivisionByZero, "division by zero", site);
      if (x == std::numeric_limits<std::int64_t>::min() && y == -1) {
        fail(ErrorKind::Overflow, "overflow in integer division", site);
      }
      return Value::integer(x / y);
  }
}

// `+`: numbers add; otherwise the left operand decides between a path and
// a string result.
static void add(EvalState& st, const ExprBinary* b, Env* env, Value& out) {
  Value l, r;
  st.eval(b->left, env, l);
  st.eval(b->right, env, r);
  if (l.type == Type::Int || l.type == Type::Float) {
    if (r.type == Type::Int || r.type == Type::Float) {
      out = st.arith('+', l, r, b);
      return;
    }
    st.fail(ErrorKind::Type,
            std::string("cannot add ") + showValueType(r) + " to " + showValueType(l), b->right);
  }
  if (l.type == Type::Path) {
    std::string s(l.str());
    s += st.coerceToString(r, b->right, false, false);
    out = st.newString(canonicalPath(s), Type::Path);
    return;
  }
  std::string s = st.coerceToString(l, b->left, false, true);
  s += st.coerceToString(r, b->right, false, true);
  out = st.newString(s);
}

static void interpolate(EvalState& st, const ExprInterp* in, Env* env, Value& out) {
  std::string s;
  Value first;
  for (std::uint32_t i = 0; i < in->count; ++i) {
    Value v;
    st.eval(in->parts[i], env, v);
    if (i == 0) first = v;
    if (i == 0 && (in->flags & kPathInterp)) {
      s += v.str();
      continue;
    }
    s += st.coerceToString(v, in->parts[i], false, !(in->flags & kPathInterp));
  }
  if (in->flags & kPathInterp) {
    out = st.newString(canonicalPath(s), Type::Path);
  } else {
    out = st.newString(s);
  }
}

void EvalState::evalOperator(const Expr* e, Env* env, Value& out) {
  switch (e->kind) {
    case ExprKind::Add:
      add(*this, as<ExprBinary>(e), env, out);
      return;
    case ExprKind::Sub:
    case ExprKind::Mul:
    case ExprKind::Div: {
      const auto* b = as<ExprBinary>(e);
      Value l, r;
      eval(b->left, env, l);
      eval(b->right, env, r);
      out = arith(e->kind == ExprKind::Sub ? '-' : e->kind == ExprKind::Mul ? '*' : '/', l, r, e);
      return;
    }
    case ExprKind::Neg: {
      Value zero = Value::integer(0), v;
      eval(as<ExprUnary>(e)->operand, env, v);
      out = arith('-', zero, v, e);
      return;
    }
    case ExprKind::Eq:
    case ExprKind::Neq: {
      const auto* b = as<ExprBinary>(e);
      Value l, r;
      eval(b->left, env, l);
      eval(b->right, env, r);
      const bool eq = equal(l, r, e);
      out = Value::boolean(e->kind == ExprKind::Eq ? eq : !eq);
      return;
    }
    case ExprKind::Lt: {
      const auto* b = as<ExprBinary>(e);
      Value l, r;
      eval(b->left, env, l);
      eval(b->right, env, r);
      const bool lt = (e->flags & kSwap) ? lessThan(r, l, e) : lessThan(l, r, e);
      out = Value::boolean((e->flags & kGe) ? !lt : lt);
      return;
    }
    case ExprKind::Update: {
      const auto* b = as<ExprBinary>(e);
      Value l, r;
      eval(b->left, env, l);
      eval(b->right, env, r);
      out = update(l, r, e);
      return;
    }
    case ExprKind::Concat: {
      const auto* b = as<ExprBinary>(e);
      Value l, r;
      eval(b->left, env, l);
      eval(b->right, env, r);
      List* x = forceList(l, e);
      List* y = forceList(r, e);
      if (x->size == 0) {
        out = r;
      } else if (y->size == 0) {
        out = l;
      } else {
        List* z = newList(x->size + y->size);
        std::memcpy(static_cast<void*>(z->elems), x->elems, sizeof(Value) * x->size);
        std::memcpy(static_cast<void*>(z->elems + x->size), y->elems, sizeof(Value) * y->size);
        out = Value::ofList(z);
      }
      return;
    }
    case ExprKind::Interp:
      interpolate(*this, as<ExprInterp>(e), env, out);
      return;
    default:
      fail(ErrorKind::Other, "internal error: unknown expression", e);
  }
}

bool EvalState::equal(Value& a, Value& b, const Expr* site) {
  DepthGuard guard(*this);
  force(a);
  force(b);
  if (a.type == Type::Int && b.type == Type::Float) return static_cast<double>(a.i) == b.f;
  if (a.type == Type::Float && b.type == Type::Int) return a.f == static_cast<double>(b.i);
  if (a.type != b.type) return false;
  switch (a.type) {
    case Type::Null:
      return true;
    case Type::Bool:
      return a.b == b.b;
    case Type::Int:
      return a.i == b.i;
    case Type::Float:
      return a.f == b.f;
    case Type::String:
    case Type::Path:
      return a.str() == b.str();
    case Type::List: {
      if (a.list == b.list) return true;
      if (a.list->size != b.list->size) return false;
      for (std::uint32_t i = 0; i < a.list->size; ++i) {
        Value& x = a.list->elems[i];
        Value& y = b.list->elems[i];
        if (sameValue(x, y)) continue;
        if (!equal(x, y, site)) return false;
      }
      return true;
    }
    case Type::Attrs: {
      if (a.attrs == b.attrs) return true;
      // Derivations compare by output path.
      if (isDerivation(a) && isDerivation(b)) {
        Attr* x = a.attrs->find(sym.outPath);
        Attr* y = b.attrs->find(sym.outPath);
        if (x && y) return equal(x->value, y->value, site);
      }
      if (a.attrs->size != b.attrs->size) return false;
      for (std::uint32_t i = 0; i < a.attrs->size; ++i) {
        Attr& x = a.attrs->entries[i];
        Attr& y = b.attrs->entries[i];
        if (x.name != y.name) return false;
      }
      for (std::uint32_t i = 0; i < a.attrs->size; ++i) {
        Value& x = a.attrs->entries[i].value;
        Value& y = b.attrs->entries[i].value;
        if (sameValue(x, y)) continue;
        if (!equal(x, y, site)) return false;
      }
      return true;
    }
    default:
      // Functions are never equal (except the same value inside a
      // container, handled by sameValue).
      return false;
  }
}

// Nix compares container elements by address first: the same shared value
// is equal to itself even when it is a function.
bool EvalState::sameValue(const Value& x, const Value& y) {
  if (x.type != y.type) return false;
  switch (x.type) {
    case Type::Thunk:
      return x.thunk == y.thunk;
    case Type::Lambda:
      return x.lambda == y.lambda;
    case Type::PrimOp:
      return x.primop == y.primop;
    case Type::PrimOpApp:
      return x.app == y.app;
    case Type::Attrs:
      return x.attrs == y.attrs;
    case Type::List:
      return x.list == y.list;
    default:
      return false;
  }
}

bool EvalState::lessThan(Value& a, Value& b, const Expr* site) {
  DepthGuard guard(*this);
  force(a);
  force(b);
  if (a.type == Type::Int && b.type == Type::Int) return a.i < b.i;
  if ((a.type == Type::Int || a.type == Type::Float) && (b.type == Type::Int || b.type == Type::Float)) {
    const double x = a.type == Type::Int ? static_cast<double>(a.i) : a.f;
    const double y = b.type == Type::Int ? static_cast<double>(b.i) : b.f;
    return x < y;
  }
  if (a.type == Type::String && b.type == Type::String) return a.str() < b.str();
  if (a.type == Type::Path && b.type == Type::Path) return a.str() < b.str();
  if (a.type == Type::List && b.type == Type::List) {
    const std::uint32_t n = std::min(a.list->size, b.list->size);
    for (std::uint32_t i = 0; i < n; ++i) {
      Value& x = a.list->elems[i];
      Value& y = b.list->elems[i];
      if (!equal(x, y, site)) return lessThan(x, y, site);
    }
    return a.list->size < b.list->size;
  }
  fail(ErrorKind::Type,
       std::string("cannot compare ") + showValueType(a) + " with " + showValueType(b), site);
}

}  // namespace fw::eval
