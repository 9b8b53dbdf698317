#include "analysis/eval/compile.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <map>
#include <unordered_map>

#include "analysis/eval/compile_strings.h"
#include "analysis/eval/error.h"
#include "analysis/eval/stack_guard.h"
#include "parser/syntax_diagnostics.h"

namespace fw::eval {

std::string canonicalPath(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t j = path.find('/', i);
    const std::string_view seg = path.substr(i, j == std::string_view::npos ? path.npos : j - i);
    i = j == std::string_view::npos ? path.size() : j;
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(seg);
  }
  std::string out;
  for (std::string_view p : parts) {
    out += '/';
    out += p;
  }
  return out.empty() ? "/" : out;
}

namespace {

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

  const Expr* compileRoot() {
    const Node root = f_.tree->root();
    Node e = root.field(fields().expression);
    if (e.isNull()) {
      // A file that is all one syntax error: maybe a recoverable set.
      forEachChild(root, [&](Node c, TSFieldId) {
        if (c.isError()) e = c;
        return e.isNull();
      });
    }
    if (e.isNull()) return error(root.range(), "syntax error, unexpected end of file", ErrorKind::Syntax);
    return expr(e, nullptr);
  }

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

  const Expr* error(ByteRange r, std::string message, ErrorKind kind) {
    auto* e = node<ExprError>(ExprKind::Error, r);
    e->message = str(message);
    e->errorKind = static_cast<std::uint8_t>(kind);
    f_.problems.push_back({r, std::move(message), static_cast<std::uint8_t>(kind)});
    return e;
  }
  // An error node for a problem already reported (a syntax error).
  const Expr* silentError(ByteRange r, std::string_view message) {
    auto* e = node<ExprError>(ExprKind::Error, r);
    e->message = str(message);
    e->errorKind = static_cast<std::uint8_t>(ErrorKind::Syntax);
    return e;
  }

  const Expr* constant(ByteRange r, Value v) {
    auto* e = node<ExprConst>(ExprKind::Const, r);
    e->value = v;
    return e;
  }
  const Expr* stringConst(ByteRange r, std::string_view s, Type t = Type::String) {
    return constant(r, Value::string(std::string_view(str(s), s.size()), t));
  }

  // ---- variables
  const Expr* variable(Symbol name, ByteRange r, const Scope* scope) {
    std::uint32_t level = 0;
    std::vector<std::uint32_t> withs;
    for (const Scope* s = scope; s; s = s->up, ++level) {
      if (s->with) {
        withs.push_back(level);
        continue;
      }
      const int slot = s->find(name);
      if (slot >= 0) {
        auto* v = node<ExprVar>(ExprKind::Var, r);
        v->level = level;
        v->slot = static_cast<std::uint32_t>(slot);
        v->name = name;
        return v;
      }
    }
    if (const int b = rt_.baseIndex(name); b >= 0) {
      auto* v = node<ExprBuiltin>(ExprKind::Builtin, r);
      v->index = static_cast<std::uint32_t>(b);
      v->name = name;
      return v;
    }
    if (!withs.empty()) {
      auto* v = node<ExprWithVar>(ExprKind::WithVar, r);
      v->name = name;
      v->count = static_cast<std::uint32_t>(withs.size());
      auto* levels = array<std::uint32_t>(withs.size());
      std::copy(withs.begin(), withs.end(), levels);
      v->levels = levels;
      return v;
    }
    return error(r, "undefined variable '" + std::string(rt_.symbols.name(name)) + "'",
                 ErrorKind::UndefinedVariable);
  }

  // Does `name` resolve to the builtin of the same name (not shadowed)?
  bool isBuiltin(std::string_view name, const Scope* scope) {
    const Symbol s = sym(name);
    for (const Scope* sc = scope; sc; sc = sc->up) {
      if (!sc->with && sc->find(s) >= 0) return false;
    }
    return rt_.baseIndex(s) >= 0;
  }

  // ---- expressions
  const Expr* expr(Node n, const Scope* scope) {
    if (stackExhausted()) {
      return error(n.range(), "expression nested too deeply", ErrorKind::Limit);
    }
    const Symbols& S = syms();
    const Fields& F = fields();
    if (n.isNull()) return silentError({0, 0}, "syntax error");
    if (n.isError()) return recoverError(n, scope);
    if (n.isMissing()) return syntaxErrorNode(n);
    const TSSymbol k = n.symbol();
    const ByteRange r = n.range();
    if (k == S.parenthesized_expression) return expr(n.field(F.expression), scope);
    if (k == S.integer_expression) return integer(n);
    if (k == S.float_expression) {
      const std::string t(n.text(src_));
      return constant(r, Value::number(std::strtod(t.c_str(), nullptr)));
    }
    if (k == S.variable_expression) {
      const Node id = n.field(F.name);
      if (id.isNull()) return syntaxErrorNode(n);
      return variable(sym(id.text(src_)), r, scope);
    }
    if (k == S.string_expression) return stringExpr(n, decodeString(n, src_), scope);
    if (k == S.indented_string_expression) {
      return stringExpr(n, decodeIndentedString(n, src_), scope);
    }
    if (k == S.path_expression || k == S.hpath_expression) return pathExpr(n, scope);
    if (k == S.spath_expression) return searchPath(n, scope);
    if (k == S.uri_expression) return stringConst(r, n.text(src_));
    if (k == S.list_expression) return list(n, scope);
    if (k == S.attrset_expression || k == S.rec_attrset_expression) {
      const Node set = childOfType(n, S.binding_set);
      PendingAttrs pending;
      if (!set.isNull()) collect(set, pending, scope, false);
      return emitAttrs(pending, r, scope, k == S.rec_attrset_expression, false);
    }
    if (k == S.let_attrset_expression) return letAttrset(n, scope);
    if (k == S.let_expression) return let(n, scope);
    if (k == S.function_expression) return lambda(n, scope, kNoSymbol);
    if (k == S.apply_expression) return apply(n, scope);
    if (k == S.select_expression) return select(n, scope);
    if (k == S.has_attr_expression) {
      auto* e = node<ExprHasAttr>(ExprKind::HasAttr, r);
      e->subject = expr(n.field(F.expression), scope);
      auto path = attrPath(n.field(F.attrpath), scope);
      e->count = static_cast<std::uint32_t>(path.size());
      e->path = copyPath(path);
      return e;
    }
    if (k == S.if_expression) {
      auto* e = node<ExprIf>(ExprKind::If, r);
      e->cond = expr(n.field(F.condition), scope);
      e->then = expr(n.field(F.consequence), scope);
      e->otherwise = expr(n.field(F.alternative), scope);
      return e;
    }
    if (k == S.assert_expression) {
      auto* e = node<ExprAssert>(ExprKind::Assert, r);
      e->cond = expr(n.field(F.condition), scope);
      e->body = expr(n.field(F.body), scope);
      return e;
    }
    if (k == S.with_expression) {
      auto* e = node<ExprWith>(ExprKind::With, r);
      e->attrs = expr(n.field(F.environment), scope);
      Scope inner;
      inner.up = scope;
      inner.with = true;
      e->body = expr(n.field(F.body), &inner);
      return e;
    }
    if (k == S.unary_expression) return unary(n, scope);
    if (k == S.binary_expression) return binary(n, scope);
    return syntaxErrorNode(n);
  }

  // tree-sitter wraps a set with a broken binding into an ERROR node that
  // still holds the good bindings: evaluate those (the syntax error is
  // reported anyway), so the rest of a file being edited stays usable.
  const Expr* recoverError(Node n, const Scope* scope) {
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

  const Expr* syntaxErrorNode(Node n) {
    // Syntax errors are reported once, from syntaxDiagnostics.
    return silentError(n.range(), firstSyntaxMessage());
  }
  std::string firstSyntaxMessage() {
    for (const CompileProblem& p : f_.problems) {
      if (p.kind == static_cast<std::uint8_t>(ErrorKind::Syntax)) return p.message;
    }
    return "syntax error";
  }

  static Node childOfType(Node n, TSSymbol s) {
    Node out;
    forEachChild(n, [&](Node c, TSFieldId) {
      if (c.is(s)) {
        out = c;
        return false;
      }
      return true;
    });
    return out;
  }

  const Expr* integer(Node n) {
    const std::string_view t = n.text(src_);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size()) {
      return error(n.range(), "invalid integer '" + std::string(t) + "'", ErrorKind::Syntax);
    }
    return constant(n.range(), Value::integer(v));
  }

  const Expr* stringExpr(Node n, const std::vector<StringPart>& parts, const Scope* scope) {
    if (parts.empty()) return stringConst(n.range(), "");
    if (parts.size() == 1 && parts[0].interpolation.isNull()) {
      return stringConst(n.range(), parts[0].text);
    }
    auto* e = node<ExprInterp>(ExprKind::Interp, n.range());
    auto* arr = array<const Expr*>(parts.size());
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const StringPart& p = parts[i];
      if (p.interpolation.isNull()) {
        arr[i] = stringConst(n.range(), p.text);
      } else {
        arr[i] = expr(p.interpolation.field(fields().expression), scope);
      }
    }
    e->count = static_cast<std::uint32_t>(parts.size());
    e->parts = arr;
    return e;
  }

  // ./a/b, /abs, ~/x, with or without ${} pieces.
  const Expr* pathExpr(Node n, const Scope* scope) {
    const bool home = n.is(syms().hpath_expression);
    std::vector<const Expr*> parts;
    std::string literal;  // text of the path before the first interpolation
    bool first = true;
    bool ok = true;
    forEachChild(n, [&](Node c, TSFieldId) {
      if (c.is(syms().path_fragment)) {
        if (first) {
          literal += c.text(src_);
        } else {
          parts.push_back(stringConst(c.range(), c.text(src_)));
        }
      } else if (c.is(syms().interpolation)) {
        if (first) {
          parts.push_back(nullptr);  // placeholder for the literal prefix
          first = false;
        }
        parts.push_back(expr(c.field(fields().expression), scope));
      } else if (c.isError() || c.isMissing()) {
        ok = false;
      }
      return true;
    });
    if (!ok) return syntaxErrorNode(n);
    if (parts.empty() && literal.empty()) literal = std::string(n.text(src_));
    std::string abs;
    const bool trailingSlash = !literal.empty() && literal.back() == '/';
    if (home) {
      if (opts_.home.empty()) {
        return error(n.range(), "cannot resolve '~' paths: no home directory is configured",
                     ErrorKind::FileAccess);
      }
      abs = canonicalPath(opts_.home + "/" + literal.substr(1));
    } else if (!literal.empty() && literal[0] == '/') {
      abs = canonicalPath(literal);
    } else {
      abs = canonicalPath(opts_.dir + "/" + literal);
    }
    if (parts.empty()) return stringConst(n.range(), abs, Type::Path);
    // The literal prefix of an interpolated path keeps its trailing slash.
    if (trailingSlash && abs != "/") abs += '/';
    parts[0] = stringConst(n.range(), abs, Type::Path);
    auto* e = node<ExprInterp>(ExprKind::Interp, n.range());
    e->flags = kPathInterp;
    auto* arr = array<const Expr*>(parts.size());
    std::copy(parts.begin(), parts.end(), arr);
    e->count = static_cast<std::uint32_t>(parts.size());
    e->parts = arr;
    return e;
  }

  // <nixpkgs/lib> means __findFile __nixPath "nixpkgs/lib".
  const Expr* searchPath(Node n, const Scope* scope) {
    std::string_view t = n.text(src_);
    if (t.size() >= 2) t = t.substr(1, t.size() - 2);
    if (isBuiltin("__findFile", scope) && isBuiltin("__nixPath", scope)) {
      auto* e = node<ExprSearchPath>(ExprKind::SearchPath, n.range());
      e->name = Value::string(std::string_view(str(t), t.size()));
      return e;
    }
    auto* call = node<ExprCall>(ExprKind::Call, n.range());
    call->fn = variable(sym("__findFile"), n.range(), scope);
    auto* args = array<const Expr*>(2);
    args[0] = variable(sym("__nixPath"), n.range(), scope);
    args[1] = stringConst(n.range(), t);
    call->count = 2;
    call->args = args;
    return call;
  }

  const Expr* list(Node n, const Scope* scope) {
    std::vector<const Expr*> elems;
    forEachChild(n, [&](Node c, TSFieldId f) {
      if (f == fields().element) {
        elems.push_back(expr(c, scope));
      } else if (c.isError()) {
        elems.push_back(syntaxErrorNode(c));
      }
      return true;
    });
    auto* e = node<ExprList>(ExprKind::List, n.range());
    auto* arr = array<const Expr*>(elems.size());
    std::copy(elems.begin(), elems.end(), arr);
    e->count = static_cast<std::uint32_t>(elems.size());
    e->elems = arr;
    return e;
  }

  const Expr* apply(Node n, const Scope* scope) {
    // Flatten f a b c into one call.
    std::vector<Node> args;
    Node fn = n;
    while (fn.is(syms().apply_expression)) {
      args.push_back(fn.field(fields().argument));
      fn = fn.field(fields().function);
    }
    std::reverse(args.begin(), args.end());
    auto* e = node<ExprCall>(ExprKind::Call, n.range());
    e->fn = expr(fn, scope);
    auto* arr = array<const Expr*>(args.size());
    for (std::size_t i = 0; i < args.size(); ++i) arr[i] = expr(args[i], scope);
    e->count = static_cast<std::uint32_t>(args.size());
    e->args = arr;
    return e;
  }

  const Expr* select(Node n, const Scope* scope) {
    auto* e = node<ExprSelect>(ExprKind::Select, n.range());
    e->subject = expr(n.field(fields().expression), scope);
    auto path = attrPath(n.field(fields().attrpath), scope);
    e->count = static_cast<std::uint32_t>(path.size());
    e->path = copyPath(path);
    const Node def = n.field(fields().default_);
    e->fallback = def.isNull() ? nullptr : expr(def, scope);
    return e;
  }

  const AttrName* copyPath(const std::vector<AttrName>& path) {
    auto* arr = array<AttrName>(path.size());
    std::copy(path.begin(), path.end(), arr);
    return arr;
  }

  // A static name, or null Symbol with `dynamic` set.
  AttrName attrName(Node a, const Scope* scope) {
    AttrName out;
    if (auto lit = literalInterpolation(a)) {
      out.name = sym(*lit);
    } else if (a.is(syms().identifier)) {
      out.name = sym(a.text(src_));
    } else if (a.is(syms().string_expression)) {
      auto parts = decodeString(a, src_);
      if (parts.empty()) {
        out.name = sym("");
      } else if (parts.size() == 1 && parts[0].interpolation.isNull()) {
        out.name = sym(parts[0].text);
      } else {
        out.dynamic = stringExpr(a, parts, scope);
      }
    } else if (a.is(syms().interpolation)) {
      out.dynamic = expr(a.field(fields().expression), scope);
    } else {
      out.dynamic = syntaxErrorNode(a);
    }
    return out;
  }

  std::vector<AttrName> attrPath(Node path, const Scope* scope) {
    std::vector<AttrName> out;
    if (path.isNull()) return out;
    forEachChild(path, [&](Node c, TSFieldId f) {
      if (f == fields().attr) out.push_back(attrName(c, scope));
      return true;
    });
    return out;
  }

  // `${"name"}` with a plain string inside is a static name in Nix.
  std::optional<std::string> literalInterpolation(Node a) {
    if (!a.is(syms().interpolation)) return std::nullopt;
    Node e = a.field(fields().expression);
    while (e.is(syms().parenthesized_expression)) e = e.field(fields().expression);
    if (e.is(syms().string_expression)) {
      auto parts = decodeString(e, src_);
      if (parts.empty()) return std::string();
      if (parts.size() == 1 && parts[0].interpolation.isNull()) return parts[0].text;
    }
    return std::nullopt;
  }

  // A static name without compiling anything (for binding collection).
  std::optional<Symbol> staticName(Node a) {
    if (auto lit = literalInterpolation(a)) return sym(*lit);
    if (a.is(syms().identifier)) return sym(a.text(src_));
    if (a.is(syms().string_expression)) {
      auto parts = decodeString(a, src_);
      if (parts.empty()) return sym("");
      if (parts.size() == 1 && parts[0].interpolation.isNull()) return sym(parts[0].text);
    }
    return std::nullopt;
  }

  std::string attrDisplay(Node a) { return std::string(a.text(src_)); }

  const Expr* unary(Node n, const Scope* scope) {
    const Node op = n.field(fields().operator_);
    const Node arg = n.field(fields().argument);
    const bool neg = !op.isNull() && op.text(src_) == "-";
    if (neg && !isBuiltin("__sub", scope)) {
      return call2("__sub", n.range(), constant(n.range(), Value::integer(0)), expr(arg, scope), scope);
    }
    auto* e = node<ExprUnary>(neg ? ExprKind::Neg : ExprKind::Not, n.range());
    e->operand = expr(arg, scope);
    return e;
  }

  const Expr* call2(std::string_view fn, ByteRange r, const Expr* a, const Expr* b,
                    const Scope* scope) {
    auto* call = node<ExprCall>(ExprKind::Call, r);
    call->fn = variable(sym(fn), r, scope);
    auto* args = array<const Expr*>(2);
    args[0] = a;
    args[1] = b;
    call->count = 2;
    call->args = args;
    return call;
  }

  const Expr* binary(Node n, const Scope* scope) {
    const Node opNode = n.field(fields().operator_);
    if (opNode.isNull()) return syntaxErrorNode(n);
    const std::string_view op = opNode.text(src_);
    const Expr* l = expr(n.field(fields().left), scope);
    const Expr* r = expr(n.field(fields().right), scope);
    auto make = [&](ExprKind k, std::uint8_t flags = 0) {
      auto* e = node<ExprBinary>(k, n.range());
      e->left = l;
      e->right = r;
      e->flags = flags;
      return e;
    };
    // Arithmetic and comparison are calls of __sub, __mul, __div and
    // __lessThan in Nix; users may shadow those names.
    auto arith = [&](ExprKind k, std::string_view name) -> const Expr* {
      if (isBuiltin(name, scope)) return make(k);
      return call2(name, n.range(), l, r, scope);
    };
    auto less = [&](bool swap, bool negate) -> const Expr* {
      if (isBuiltin("__lessThan", scope)) {
        return make(ExprKind::Lt, static_cast<std::uint8_t>((swap ? kSwap : 0) | (negate ? kGe : 0)));
      }
      const Expr* c = swap ? call2("__lessThan", n.range(), r, l, scope)
                           : call2("__lessThan", n.range(), l, r, scope);
      if (!negate) return c;
      auto* e = node<ExprUnary>(ExprKind::Not, n.range());
      e->operand = c;
      return e;
    };
    if (op == "+") return make(ExprKind::Add);
    if (op == "-") return arith(ExprKind::Sub, "__sub");
    if (op == "*") return arith(ExprKind::Mul, "__mul");
    if (op == "/") return arith(ExprKind::Div, "__div");
    if (op == "==") return make(ExprKind::Eq);
    if (op == "!=") return make(ExprKind::Neq);
    if (op == "<") return less(false, false);
    if (op == ">") return less(true, false);
    if (op == "<=") return less(true, true);
    if (op == ">=") return less(false, true);
    if (op == "&&") return make(ExprKind::And);
    if (op == "||") return make(ExprKind::Or);
    if (op == "->") return make(ExprKind::Impl);
    if (op == "//") return make(ExprKind::Update);
    if (op == "++") return make(ExprKind::Concat);
    return syntaxErrorNode(n);
  }

  // ---- functions
  const Expr* lambda(Node n, const Scope* scope, Symbol name) {
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
  static bool trivial(const Expr* e) {
    return e->kind == ExprKind::Const || e->kind == ExprKind::Var || e->kind == ExprKind::Builtin;
  }

  // Can evaluating `e` in an env leave something behind that points to the
  // env? Conservative: anything that makes a thunk, closure or child env.
  bool capturesEnv(const Expr* e) {
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

  // ---- bindings
  // Adds the bindings of a binding_set to `into`. `isLet` rejects dynamic
  // names.
  void collect(Node set, PendingAttrs& into, const Scope* scope, bool isLet) {
    forEachChild(set, [&](Node b, TSFieldId f) {
      if (f != fields().binding) {
        if (b.isError()) syntaxErrorNode(b);
        return true;
      }
      collectOne(b, into, scope, isLet);
      return true;
    });
  }

  void collectOne(Node b, PendingAttrs& into, const Scope* scope, bool isLet) {
    if (b.is(syms().binding)) {
      collectBinding(b, into, scope, isLet);
    } else if (b.is(syms().inherit) || b.is(syms().inherit_from)) {
      collectInherit(b, into, isLet);
    }
  }

  void duplicate(ByteRange r, std::string_view name, ByteRange previous) {
    const auto [line, col] = f_.lineColumn(previous.start);
    error(r,
          "attribute '" + std::string(name) + "' already defined at " + f_.path + ":" +
              std::to_string(line) + ":" + std::to_string(col),
          ErrorKind::DuplicateAttribute);
  }

  void collectInherit(Node b, PendingAttrs& into, bool isLet) {
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

  void collectBinding(Node b, PendingAttrs& into, const Scope* scope, bool isLet) {
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

  bool isPlainSet(Node n) const {
    return !n.isNull() && n.is(syms().attrset_expression);
  }

  // Compiles collected bindings. For rec and let, names are visible in the
  // set's own env; `inherit x` always looks outside.
  const ExprAttrs* emitAttrs(PendingAttrs& p, ByteRange r, const Scope* scope, bool rec, bool isLet) {
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
  const Expr* bindingValue(Node value, const Scope* scope, Symbol name) {
    if (value.isNull()) return silentError({0, 0}, "syntax error");
    Node v = value;
    if (v.is(syms().function_expression)) return lambda(v, scope, name);
    return expr(v, scope);
  }

  const Expr* let(Node n, const Scope* scope) {
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
  const Expr* letAttrset(Node n, const Scope* scope) {
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

  Runtime& rt_;
  SourceFile& f_;
  const CompileOptions& opts_;
  std::string_view src_;
};

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::shared_ptr<SourceFile> compile(Runtime& rt, SyntaxTreePtr tree, const CompileOptions& options) {
  auto file = std::make_shared<SourceFile>();
  file->path = options.path;
  file->dir = options.dir;
  file->tree = std::move(tree);
  file->hash = fnv1a(file->text());
  for (const Diagnostic& d : syntaxDiagnostics(*file->tree)) {
    if (d.severity != Severity::Error) continue;
    file->problems.push_back({d.range, d.message, static_cast<std::uint8_t>(ErrorKind::Syntax)});
  }
  Compiler c(rt, *file, options);
  file->root = c.compileRoot();
  // Nix parses before it binds names: syntax errors come first.
  std::stable_sort(file->problems.begin(), file->problems.end(),
                   [](const CompileProblem& a, const CompileProblem& b) {
                     const bool sa = a.kind == static_cast<std::uint8_t>(ErrorKind::Syntax);
                     const bool sb = b.kind == static_cast<std::uint8_t>(ErrorKind::Syntax);
                     if (sa != sb) return sa;
                     return a.range.start < b.range.start;
                   });
  rt.positions.keep(file);
  return file;
}

}  // namespace fw::eval
