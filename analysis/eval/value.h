#pragma once
// Runtime values of the evaluator.
//
// A Value is 16 bytes: a type tag and one 8-byte payload (an integer, a
// float, a Boolean or a pointer into the evaluation's arena). Strings and
// paths keep their length next to the tag. Lists, attribute sets, closures,
// partial applications of builtins and thunks live in the arena
// (arena.h); nothing is freed before the evaluation ends, so values are
// plain pointers with no reference counts.
//
// Laziness: a slot (environment variable, list element, attribute value)
// holds either a value in weak head normal form or a Thunk value that
// points to a shared Thunk object. Forcing a slot evaluates the thunk once,
// stores the result in the Thunk (so every other holder sees it) and
// overwrites the slot with the result (so the next read is direct).

#include <cstdint>
#include <cstring>
#include <string_view>

namespace fw::eval {

using Symbol = std::uint32_t;  // interned name, see symbols.h
inline constexpr Symbol kNoSymbol = 0xffffffffu;

struct Expr;
struct ExprLambda;
struct Env;
struct Thunk;
struct List;
struct Attrs;
struct Closure;
struct PrimOp;
struct PrimOpApp;

enum class Type : std::uint8_t {
  Null,
  Bool,
  Int,
  Float,
  String,
  Path,
  List,
  Attrs,
  Lambda,
  PrimOp,
  PrimOpApp,
  Thunk,
};

// Nix's names for types, as `builtins.typeOf` returns them and error
// messages use ("a set", "an integer").
[[nodiscard]] const char* typeOfName(Type t);
[[nodiscard]] const char* showType(Type t);

struct Value {
  Type type = Type::Null;
  std::uint8_t flags = 0;  // kOpaque for placeholder values
  std::uint16_t reserved = 0;
  std::uint32_t len = 0;  // String/Path: length in bytes
  union {
    std::int64_t i;
    double f;
    bool b;
    const char* s;  // String/Path: arena bytes, NUL-terminated
    List* list;
    Attrs* attrs;
    Closure* lambda;
    const PrimOp* primop;
    PrimOpApp* app;
    Thunk* thunk;
  };

  Value() : i(0) {}

  static Value null() { return Value(); }
  static Value boolean(bool v) {
    Value r;
    r.type = Type::Bool;
    r.b = v;
    return r;
  }
  static Value integer(std::int64_t v) {
    Value r;
    r.type = Type::Int;
    r.i = v;
    return r;
  }
  static Value number(double v) {
    Value r;
    r.type = Type::Float;
    r.f = v;
    return r;
  }
  // `text` must stay alive as long as the value (arena bytes or a literal
  // owned by a compiled file) and be NUL-terminated.
  static Value string(std::string_view text, Type t = Type::String) {
    Value r;
    r.type = t;
    r.s = text.data();
    r.len = static_cast<std::uint32_t>(text.size());
    return r;
  }
  static Value ofList(List* l) {
    Value r;
    r.type = Type::List;
    r.list = l;
    return r;
  }
  static Value ofAttrs(Attrs* a) {
    Value r;
    r.type = Type::Attrs;
    r.attrs = a;
    return r;
  }
  static Value ofThunk(Thunk* t) {
    Value r;
    r.type = Type::Thunk;
    r.thunk = t;
    return r;
  }

  [[nodiscard]] bool isThunk() const { return type == Type::Thunk; }
  [[nodiscard]] std::string_view str() const { return {s, len}; }
  [[nodiscard]] bool isFunction() const {
    return type == Type::Lambda || type == Type::PrimOp || type == Type::PrimOpApp;
  }
};
static_assert(sizeof(Value) == 16);

inline constexpr std::uint8_t kOpaque = 1;  // fetchTarball & co: not evaluable further

// Invariant: the entries are sorted by name (Symbol id) and unique, so
// lookups are binary searches. Printing and attrNames sort by text.
struct Attr {
  Symbol name;
  std::uint32_t pos;  // index into the state's position table, 0 = none
  Value value;
};
static_assert(sizeof(Attr) == 24);

struct Attrs {
  std::uint32_t size = 0;
  std::uint32_t capacity = 0;
  Attr entries[];  // NOLINT: flexible array member (arena object)

  [[nodiscard]] const Attr* find(Symbol name) const {
    std::uint32_t lo = 0, hi = size;
    while (lo < hi) {
      const std::uint32_t mid = (lo + hi) / 2;
      if (entries[mid].name < name) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < size && entries[lo].name == name ? &entries[lo] : nullptr;
  }
  [[nodiscard]] Attr* find(Symbol name) {
    return const_cast<Attr*>(static_cast<const Attrs*>(this)->find(name));
  }
  [[nodiscard]] Attr* begin() { return entries; }
  [[nodiscard]] Attr* end() { return entries + size; }
  [[nodiscard]] const Attr* begin() const { return entries; }
  [[nodiscard]] const Attr* end() const { return entries + size; }
};

struct List {
  std::uint32_t size = 0;
  std::uint32_t reserved = 0;
  Value elems[];  // NOLINT: flexible array member (arena object)

  [[nodiscard]] Value* begin() { return elems; }
  [[nodiscard]] Value* end() { return elems + size; }
};

// A runtime scope: one per let, rec set, function call and with. Slot
// layout is fixed at compile time (compile.cpp); variables are (level,
// slot) pairs. A `with` env has one slot: the attribute set (often a
// thunk). The size is known from the code that made the env.
struct Env {
  Env* up = nullptr;
  Value slots[];  // NOLINT: flexible array member (arena object)
};
static_assert(sizeof(Env) == 8);

struct Closure {
  const ExprLambda* fn;
  Env* env;
};

struct PrimOpApp {
  const PrimOp* op;
  std::uint32_t count;  // arguments so far (fewer than op->arity)
  std::uint32_t reserved = 0;
  Value args[];  // NOLINT: flexible array member (arena object)
};

enum class ThunkState : std::uint8_t { Pending, Running, Done };

struct Thunk {
  ThunkState state = ThunkState::Pending;
  union {
    struct {
      const Expr* expr;
      Env* env;
    } code;
    Value result;
  };
  Thunk() : code{nullptr, nullptr} {}
};

}  // namespace fw::eval
