#pragma once
// The compiled form of a Nix expression, lowered from the tree-sitter tree
// of a file (compile.h). Variables are resolved to (level, slot) pairs at
// compile time, nested attribute paths are merged, strings are unescaped and
// indented strings stripped, so evaluation never looks at syntax again.
//
// Invariant: Expr nodes live in their SourceFile's arena, are immutable after
// compilation and are trivially destructible (arrays are arena pointers).

#include <cstdint>

#include "analysis/eval/value.h"
#include "parser/types.h"

namespace fw::eval {

struct SourceFile;

enum class ExprKind : std::uint8_t {
  Const,      // a literal: integer, float, plain string, path without interpolation
  Var,        // a lexical variable: (level, slot)
  WithVar,    // a name only bound by enclosing `with`s
  Builtin,    // a name of the base environment (true, map, builtins, ...)
  Select,     // e.a.b or d
  HasAttr,    // e ? a.b
  Attrs,      // { ... } and rec { ... }
  Let,        // let ...; in body
  List,       // [ ... ]
  Lambda,     // x: body, { a, b ? d, ... }@x: body
  Call,       // f a b c
  If,
  Assert,
  With,
  Not,
  Neg,        // -e, i.e. __sub 0 e
  And,
  Or,
  Impl,
  Eq,
  Neq,
  Lt,         // a < b (the others are rewritten to it)
  Update,     // //
  Concat,     // ++
  Add,        // + (numbers, strings or paths)
  Sub,
  Mul,
  Div,
  Interp,     // "a${b}c", also paths with interpolation (flag kPath)
  SearchPath, // <nixpkgs/lib>
  Error,      // what could not be compiled (a syntax error, an undefined name)
};

struct Expr {
  ExprKind kind;
  std::uint8_t flags = 0;
  std::uint16_t reserved = 0;
  ByteRange range;
  const SourceFile* file = nullptr;
};

// Flags.
inline constexpr std::uint8_t kRec = 1;         // ExprAttrs: rec { }
inline constexpr std::uint8_t kPathInterp = 2;  // ExprInterp: a path with ${}
inline constexpr std::uint8_t kGe = 4;          // ExprBinary Lt rewritten: negate result
inline constexpr std::uint8_t kSwap = 8;        // ExprBinary Lt rewritten: swap operands

struct ExprConst : Expr {
  Value value;
};

struct ExprVar : Expr {
  std::uint32_t level;
  std::uint32_t slot;
  Symbol name;
};

struct ExprWithVar : Expr {
  Symbol name;
  std::uint32_t count;           // enclosing withs, innermost first
  const std::uint32_t* levels;   // env levels of those withs
};

struct ExprBuiltin : Expr {
  std::uint32_t index;  // into the state's base values
  Symbol name;
};

// One element of an attribute path: a name known at compile time, or an
// expression (`${e}` or a string with interpolation).
struct AttrName {
  Symbol name = kNoSymbol;
  const Expr* dynamic = nullptr;
};

struct ExprSelect : Expr {
  const Expr* subject;
  const Expr* fallback;  // `or` default, may be null
  std::uint32_t count;
  const AttrName* path;
};

struct ExprHasAttr : Expr {
  const Expr* subject;
  std::uint32_t count;
  const AttrName* path;
};

// Where a binding's value is evaluated.
enum class BindingEnv : std::uint8_t {
  Outer,  // the env the set is built in (plain bindings of non-rec sets, `inherit x`)
  Inner,  // the set's own env (rec/let bindings, `inherit (e) x` selects)
};

struct StaticBinding {
  Symbol name;
  std::uint32_t pos;  // position id (definition site), see SourceFile
  const Expr* value;
  BindingEnv env;
};

struct DynamicBinding {
  const Expr* name;
  const Expr* value;
  std::uint32_t pos;
};

// Attribute sets, rec sets and let. Statics are sorted by name; for rec and
// let the inner env has one slot per static (same order), followed by one
// slot per `inherit (e)` source. Non-rec sets with `inherit (e)` get an
// inner env holding only the sources.
struct ExprAttrs : Expr {
  std::uint32_t nStatic = 0;
  std::uint32_t nDynamic = 0;
  std::uint32_t nSources = 0;
  const StaticBinding* statics = nullptr;
  const DynamicBinding* dynamics = nullptr;
  const Expr* const* sources = nullptr;  // `inherit (e)` expressions, in the inner env
  [[nodiscard]] bool rec() const { return (flags & kRec) != 0; }
  [[nodiscard]] bool needsEnv() const { return rec() || nSources > 0; }
};

struct ExprLet : Expr {
  const ExprAttrs* bindings;  // rec layout; dynamics are rejected at compile time
  const Expr* body;
};

struct ExprList : Expr {
  std::uint32_t count;
  const Expr* const* elems;
};

struct Formal {
  Symbol name;
  std::uint32_t pos;
  const Expr* fallback;  // default, may be null
};

// Env layout of a call: formals sorted by name, then the `@` argument; or
// just the argument for `x: body`.
struct ExprLambda : Expr {
  Symbol arg = kNoSymbol;  // x in `x: ...` or `{...}@x`
  Symbol name = kNoSymbol; // the attribute or let binding it was defined as
  bool hasFormals = false;
  bool ellipsis = false;
  // Whether evaluating the body (or a default) can keep a pointer to the
  // call's env: a thunk, closure, nested env or lazy container made in it.
  // When not, the env is dead once the body is evaluated and is reused.
  bool capturesEnv = true;
  std::uint32_t nFormals = 0;
  const Formal* formals = nullptr;  // sorted by name
  const Expr* body = nullptr;
  [[nodiscard]] std::uint32_t envSize() const {
    return hasFormals ? nFormals + (arg != kNoSymbol ? 1 : 0) : 1;
  }
};

struct ExprCall : Expr {
  const Expr* fn;
  std::uint32_t count;
  const Expr* const* args;
};

struct ExprIf : Expr {
  const Expr* cond;
  const Expr* then;
  const Expr* otherwise;
};

struct ExprAssert : Expr {
  const Expr* cond;
  const Expr* body;
};

struct ExprWith : Expr {
  const Expr* attrs;
  const Expr* body;
};

struct ExprUnary : Expr {
  const Expr* operand;
};

struct ExprBinary : Expr {
  const Expr* left;
  const Expr* right;
};

struct ExprInterp : Expr {
  std::uint32_t count;
  const Expr* const* parts;
};

struct ExprSearchPath : Expr {
  Value name;  // the string between < and >
};

struct ExprError : Expr {
  const char* message;  // arena string
  std::uint8_t errorKind;  // ErrorKind
};

}  // namespace fw::eval
