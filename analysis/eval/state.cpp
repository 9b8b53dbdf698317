#include "analysis/eval/state.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "analysis/eval/file_cache.h"

namespace fw::eval {

const char* typeOfName(Type t) {
  switch (t) {
    case Type::Null:
      return "null";
    case Type::Bool:
      return "bool";
    case Type::Int:
      return "int";
    case Type::Float:
      return "float";
    case Type::String:
      return "string";
    case Type::Path:
      return "path";
    case Type::List:
      return "list";
    case Type::Attrs:
      return "set";
    case Type::Lambda:
    case Type::PrimOp:
    case Type::PrimOpApp:
      return "lambda";
    case Type::Thunk:
      return "thunk";
  }
  return "unknown";
}

const char* showType(Type t) {
  switch (t) {
    case Type::Null:
      return "null";
    case Type::Bool:
      return "a Boolean";
    case Type::Int:
      return "an integer";
    case Type::Float:
      return "a float";
    case Type::String:
      return "a string";
    case Type::Path:
      return "a path";
    case Type::List:
      return "a list";
    case Type::Attrs:
      return "a set";
    case Type::Lambda:
      return "a function";
    case Type::PrimOp:
      return "a built-in function";
    case Type::PrimOpApp:
      return "a partially applied built-in function";
    case Type::Thunk:
      return "a thunk";
  }
  return "a value";
}

const char* showValueType(const Value& v) { return showType(v.type); }

const char* errorKindName(ErrorKind k) {
  switch (k) {
    case ErrorKind::Syntax: return "syntax";
    case ErrorKind::UndefinedVariable: return "undefined-variable";
    case ErrorKind::Type: return "type";
    case ErrorKind::MissingAttribute: return "missing-attribute";
    case ErrorKind::DuplicateAttribute: return "duplicate-attribute";
    case ErrorKind::InfiniteRecursion: return "infinite-recursion";
    case ErrorKind::Assertion: return "assertion";
    case ErrorKind::Throw: return "throw";
    case ErrorKind::Abort: return "abort";
    case ErrorKind::DivisionByZero: return "division-by-zero";
    case ErrorKind::Overflow: return "overflow";
    case ErrorKind::MissingArgument: return "missing-argument";
    case ErrorKind::UnexpectedArgument: return "unexpected-argument";
    case ErrorKind::NotAFunction: return "not-a-function";
    case ErrorKind::IndexOutOfBounds: return "index-out-of-bounds";
    case ErrorKind::FileAccess: return "file-access";
    case ErrorKind::SearchPath: return "search-path";
    case ErrorKind::UnsupportedBuiltin: return "unsupported-builtin";
    case ErrorKind::Limit: return "limit";
    case ErrorKind::Cancelled: return "cancelled";
    case ErrorKind::Other: return "other";
  }
  return "other";
}

EvalState::EvalState(Runtime& runtime, FileCache& fileCache, const EvalSettings& s, std::stop_token st)
    : rt(runtime), files(fileCache), settings(s), sym(runtime.sym), stop(std::move(st)) {
  stackLimit_ = stackLimit();
  arena.setLimit(settings.budget.maxMemory, [](std::size_t limit) {
    throw EvalError(ErrorKind::Limit,
                    "evaluation limit reached: more than " + std::to_string(limit >> 20) + " MiB of memory");
  });
  emptyAttrs_ = newAttrs(0);
  emptyList_ = newList(0);
  base_.resize(rt.base().size());
  baseReady_.assign(rt.base().size(), false);
  for (std::size_t i = 0; i < rt.base().size(); ++i) {
    if (rt.base()[i].name == "builtins") builtinsIndex_ = static_cast<std::uint32_t>(i);
  }
}

// ---- allocation

Env* EvalState::newEnv(Env* up, std::uint32_t size) {
  auto* env = static_cast<Env*>(arena.allocate(sizeof(Env) + sizeof(Value) * size));
  env->up = up;
  for (std::uint32_t i = 0; i < size; ++i) new (&env->slots[i]) Value();
  return env;
}

List* EvalState::newList(std::uint32_t size) {
  auto* l = static_cast<List*>(arena.allocate(sizeof(List) + sizeof(Value) * size));
  l->size = size;
  l->reserved = 0;
  return l;
}

Attrs* EvalState::newAttrs(std::uint32_t capacity) {
  auto* a = static_cast<Attrs*>(arena.allocate(sizeof(Attrs) + sizeof(Attr) * capacity));
  a->size = 0;
  a->capacity = capacity;
  return a;
}

Thunk* EvalState::newThunk(const Expr* e, Env* env) {
  Thunk* t = arena.make<Thunk>();
  t->code.expr = e;
  t->code.env = env;
  return t;
}

Value EvalState::newString(std::string_view s, Type t) {
  if (s.size() > 0xffffffffu) fail(ErrorKind::Limit, "evaluation limit reached: string too long", nullptr);
  return Value::string(std::string_view(arena.copy(s), s.size()), t);
}

Value EvalState::newClosure(const ExprLambda* fn, Env* env) {
  Closure* c = arena.make<Closure>();
  c->fn = fn;
  c->env = env;
  Value v;
  v.type = Type::Lambda;
  v.lambda = c;
  return v;
}

// ---- errors

void EvalState::fail(ErrorKind kind, std::string message, const Expr* site) {
  EvalError err(kind, std::move(message));
  if (site && site->file) err.setPos(site->file, site->range);
  throw err;
}

void EvalState::typeError(const Value& v, const char* expected, const Expr* site) {
  fail(ErrorKind::Type, std::string("value is ") + showValueType(v) + " while " + expected +
                            " was expected",
       site);
}

// ---- budgets

void EvalState::periodicCheck() {
  nextCheck_ = steps_ + 4096;
  if (stop.stop_requested()) {
    throw EvalError(ErrorKind::Cancelled, "evaluation cancelled");
  }
  if (settings.budget.maxSteps && steps_ > settings.budget.maxSteps) {
    throw EvalError(ErrorKind::Limit, "evaluation limit reached: more than " +
                                          std::to_string(settings.budget.maxSteps) + " steps");
  }
  if (stepFence_ && steps_ > stepFence_) {
    throw EvalError(ErrorKind::Limit, "evaluation limit reached: more than " +
                                          std::to_string(stepFenceSize_) + " steps for one part");
  }
  if (arena.reserved() > settings.budget.maxMemory) {
    throw EvalError(ErrorKind::Limit, "evaluation limit reached: more than " +
                                          std::to_string(settings.budget.maxMemory >> 20) +
                                          " MiB of memory");
  }
}

void EvalState::depthExceeded(std::uint64_t undo, const Expr* where) {
  const bool stack = depth_ <= settings.budget.maxDepth;
  // A guard whose constructor throws is not destroyed: undo its count.
  depth_ -= undo;
  EvalError err(ErrorKind::Limit,
                stack ? "evaluation limit reached: stack space exhausted (possible infinite recursion)"
                      : "evaluation limit reached: call depth exceeded " +
                            std::to_string(settings.budget.maxDepth) + " (possible infinite recursion)");
  if (where && where->file) err.setPos(where->file, where->range);
  throw err;
}

// ---- forcing with type checks

void EvalState::forceType(Value& v, Type t, const Expr* site) {
  force(v);
  if (v.type != t) typeError(v, showType(t), site);
}

std::int64_t EvalState::forceInt(Value& v, const Expr* site) {
  force(v);
  if (v.type != Type::Int) typeError(v, "an integer", site);
  return v.i;
}

double EvalState::forceFloat(Value& v, const Expr* site) {
  force(v);
  if (v.type == Type::Int) return static_cast<double>(v.i);
  if (v.type != Type::Float) typeError(v, "a float", site);
  return v.f;
}

bool EvalState::forceBool(Value& v, const Expr* site) {
  force(v);
  if (v.type != Type::Bool) typeError(v, "a Boolean", site);
  return v.b;
}

std::string_view EvalState::forceString(Value& v, const Expr* site) {
  force(v);
  if (v.type != Type::String) typeError(v, "a string", site);
  return v.str();
}

Attrs* EvalState::forceAttrs(Value& v, const Expr* site) {
  force(v);
  if (v.type != Type::Attrs) typeError(v, "a set", site);
  return v.attrs;
}

List* EvalState::forceList(Value& v, const Expr* site) {
  force(v);
  if (v.type != Type::List) typeError(v, "a list", site);
  return v.list;
}

void EvalState::forceFunction(Value& v, const Expr* site) {
  force(v);
  if (!v.isFunction() && !(v.type == Type::Attrs && v.attrs->find(sym.functor))) {
    typeError(v, "a function", site);
  }
}

bool EvalState::isDerivation(Value& v) {
  if (v.type != Type::Attrs) return false;
  Attr* t = v.attrs->find(sym.type);
  if (!t) return false;
  force(t->value);
  return t->value.type == Type::String && t->value.str() == "derivation";
}

namespace {
// Containers already forced by one forceDeep: values are graphs (a
// derivation's `out` is the derivation itself).
void forceDeepIn(EvalState& st, Value& v, std::unordered_set<const void*>& seen) {
  EvalState::DepthGuard guard(st);
  st.force(v);
  if (v.type == Type::Attrs) {
    if (!seen.insert(v.attrs).second) return;
    for (Attr& a : *v.attrs) forceDeepIn(st, a.value, seen);
  } else if (v.type == Type::List) {
    if (!seen.insert(v.list).second) return;
    for (Value& e : *v.list) forceDeepIn(st, e, seen);
  }
}
}  // namespace

void EvalState::forceDeep(Value& v) {
  std::unordered_set<const void*> seen;
  forceDeepIn(*this, v, seen);
}

std::string EvalState::coerceToString(Value& v, const Expr* site, bool more, bool copyToStore) {
  DepthGuard guard(*this);
  force(v);
  switch (v.type) {
    case Type::String:
      return std::string(v.str());
    case Type::Path:
      if (copyToStore) return copyPathToStore(std::string(v.str()), site);
      return std::string(v.str());
    case Type::Attrs: {
      if (Attr* f = v.attrs->find(sym.toString)) {
        Value self = v;
        Value r = call1(f->value, self, site);
        return coerceToString(r, site, more, copyToStore);
      }
      if (Attr* o = v.attrs->find(sym.outPath)) return coerceToString(o->value, site, more, copyToStore);
      break;
    }
    default:
      break;
  }
  if (more) {
    switch (v.type) {
      case Type::Bool:
        return v.b ? "1" : "";
      case Type::Int:
        return std::to_string(v.i);
      case Type::Float:
        return std::to_string(v.f);
      case Type::Null:
        return "";
      case Type::List: {
        std::string out;
        for (std::uint32_t i = 0; i < v.list->size; ++i) {
          Value& e = v.list->elems[i];
          out += coerceToString(e, site, more, copyToStore);
          if (i + 1 < v.list->size && !(e.type == Type::List && e.list->size == 0)) out += ' ';
        }
        return out;
      }
      default:
        break;
    }
  }
  fail(ErrorKind::Type, std::string("cannot coerce ") + showValueType(v) + " to a string", site);
}

std::string EvalState::coerceToPath(Value& v, const Expr* site) {
  std::string s = coerceToString(v, site, false, false);
  if (s.empty() || s[0] != '/') {
    fail(ErrorKind::Type, "string '" + s + "' doesn't represent an absolute path", site);
  }
  return s;
}

std::regex& EvalState::regex(std::string_view pattern, const Expr* site) {
  const std::string key(pattern);
  auto it = regexes_.find(key);
  if (it != regexes_.end()) return *it->second;
  try {
    auto re = std::make_unique<std::regex>(key, std::regex::extended);
    return *regexes_.emplace(key, std::move(re)).first->second;
  } catch (const std::regex_error&) {
    fail(ErrorKind::Other, "invalid regular expression '" + key + "'", site);
  }
}

}  // namespace fw::eval
