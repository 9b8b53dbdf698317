#pragma once
// The compiler's internals, shared by compile*.cpp (not part of the API):
// compile-time scopes, bindings collected before they are emitted, and the
// Compiler class that lowers a tree-sitter tree (see compile.h).

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/eval/compile.h"
#include "analysis/eval/compile_strings.h"
#include "analysis/eval/error.h"

namespace fw::eval::detail {


// A compile-time scope: the names of one runtime Env, or a `with`.
struct Scope {
  const Scope* up = nullptr;
  bool with = false;
  std::vector<std::pair<Symbol, std::uint32_t>> vars;  // sorted by symbol

  [[nodiscard]] int find(Symbol s) const {
    auto it = std::lower_bound(vars.begin(), vars.end(), s,
                               [](const auto& p, Symbol x) { return p.first < x; });
    return it != vars.end() && it->first == s ? static_cast<int>(it->second) : -1;
  }
};

struct PendingAttrs;

enum class PendingKind { Value, Nested, Inherit, InheritFrom };

struct PendingBinding {
  Symbol name = kNoSymbol;
  ByteRange range;  // the attribute name's range
  PendingKind kind = PendingKind::Value;
  Node expr;
  std::unique_ptr<PendingAttrs> nested;
  std::uint32_t source = 0;
};

struct PendingDynamic {
  Node name;  // interpolation or string_expression
  ByteRange range;
  Node expr;
  std::unique_ptr<PendingAttrs> nested;
};

struct PendingAttrs {
  std::vector<PendingBinding> statics;
  std::unordered_map<Symbol, std::size_t> index;
  std::vector<PendingDynamic> dynamics;
  std::vector<Node> sources;
};

class Compiler {
 public:
  Compiler(Runtime& rt, SourceFile& file, const CompileOptions& opts)
      : rt_(rt), f_(file), opts_(opts), src_(file.text()) {}

  const Expr* compileRoot();

 private:
  // ---- allocation helpers
  template <typename T>
  T* node(ExprKind k, ByteRange r) {
    T* e = f_.arena.make<T>();
    e->kind = k;
    e->range = r;
    e->file = &f_;
    return e;
  }
  template <typename T>
  T* array(std::size_t n) {
    if (n == 0) return nullptr;
    return static_cast<T*>(f_.arena.allocate(sizeof(T) * n));
  }
  const char* str(std::string_view s) { return f_.arena.copy(s); }
  Symbol sym(std::string_view s) { return rt_.symbols.intern(s); }

  const Expr* error(ByteRange r, std::string message, ErrorKind kind);
  // An error node for a problem already reported (a syntax error).
  const Expr* silentError(ByteRange r, std::string_view message);

  const Expr* constant(ByteRange r, Value v);
  const Expr* stringConst(ByteRange r, std::string_view s, Type t = Type::String);

  // ---- variables
  const Expr* variable(Symbol name, ByteRange r, const Scope* scope);

  // Does `name` resolve to the builtin of the same name (not shadowed)?
  bool isBuiltin(std::string_view name, const Scope* scope);

  // ---- expressions
  const Expr* expr(Node n, const Scope* scope);

  // tree-sitter wraps a set with a broken binding into an ERROR node that
  // still holds the good bindings: evaluate those (the syntax error is
  // reported anyway), so the rest of a file being edited stays usable.
  const Expr* recoverError(Node n, const Scope* scope);

  const Expr* syntaxErrorNode(Node n);
  std::string firstSyntaxMessage();

  static Node childOfType(Node n, TSSymbol s);

  const Expr* integer(Node n);

  const Expr* stringExpr(Node n, const std::vector<StringPart>& parts, const Scope* scope);

  // ./a/b, /abs, ~/x, with or without ${} pieces.
  const Expr* pathExpr(Node n, const Scope* scope);

  // <nixpkgs/lib> means __findFile __nixPath "nixpkgs/lib".
  const Expr* searchPath(Node n, const Scope* scope);

  const Expr* list(Node n, const Scope* scope);

  const Expr* apply(Node n, const Scope* scope);

  const Expr* select(Node n, const Scope* scope);

  const AttrName* copyPath(const std::vector<AttrName>& path);

  // A static name, or null Symbol with `dynamic` set.
  AttrName attrName(Node a, const Scope* scope);

  std::vector<AttrName> attrPath(Node path, const Scope* scope);

  // `${"name"}` with a plain string inside is a static name in Nix.
  std::optional<std::string> literalInterpolation(Node a);

  // A static name without compiling anything (for binding collection).
  std::optional<Symbol> staticName(Node a);

  std::string attrDisplay(Node a) { return std::string(a.text(src_)); }

  const Expr* unary(Node n, const Scope* scope);

  const Expr* call2(std::string_view fn, ByteRange r, const Expr* a, const Expr* b, const Scope* scope);

  const Expr* binary(Node n, const Scope* scope);

  // ---- functions
  const Expr* lambda(Node n, const Scope* scope, Symbol name);

  // Expressions that lazy() turns into values without a thunk.
  static bool trivial(const Expr* e);

  // Can evaluating `e` in an env leave something behind that points to the
  // env? Conservative: anything that makes a thunk, closure or child env.
  bool capturesEnv(const Expr* e);

  // ---- bindings
  // Adds the bindings of a binding_set to `into`. `isLet` rejects dynamic
  // names.
  void collect(Node set, PendingAttrs& into, const Scope* scope, bool isLet);

  void collectOne(Node b, PendingAttrs& into, const Scope* scope, bool isLet);

  void duplicate(ByteRange r, std::string_view name, ByteRange previous);

  void collectInherit(Node b, PendingAttrs& into, bool isLet);

  void collectBinding(Node b, PendingAttrs& into, const Scope* scope, bool isLet);

  bool isPlainSet(Node n) const;

  // Compiles collected bindings. For rec and let, names are visible in the
  // set's own env; `inherit x` always looks outside.
  const ExprAttrs* emitAttrs(PendingAttrs& p, ByteRange r, const Scope* scope, bool rec, bool isLet);

  // A binding's value; functions learn the name they are bound to.
  const Expr* bindingValue(Node value, const Scope* scope, Symbol name);

  const Expr* let(Node n, const Scope* scope);

  // let { a = 1; body = a; } is (rec { ... }).body
  const Expr* letAttrset(Node n, const Scope* scope);

  Runtime& rt_;
  SourceFile& f_;
  const CompileOptions& opts_;
  std::string_view src_;
};

}  // namespace fw::eval::detail
