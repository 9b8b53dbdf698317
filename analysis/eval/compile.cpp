#include "analysis/eval/compile.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <map>
#include <unordered_map>

#include "analysis/eval/compile_internal.h"
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

namespace detail {

const Expr* Compiler::compileRoot() {
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

const Expr* Compiler::error(ByteRange r, std::string message, ErrorKind kind) {
  auto* e = node<ExprError>(ExprKind::Error, r);
  e->message = str(message);
  e->errorKind = static_cast<std::uint8_t>(kind);
  f_.problems.push_back({r, std::move(message), static_cast<std::uint8_t>(kind)});
  return e;
}

// An error node for a problem already reported (a syntax error).
const Expr* Compiler::silentError(ByteRange r, std::string_view message) {
  auto* e = node<ExprError>(ExprKind::Error, r);
  e->message = str(message);
  e->errorKind = static_cast<std::uint8_t>(ErrorKind::Syntax);
  return e;
}

const Expr* Compiler::constant(ByteRange r, Value v) {
  auto* e = node<ExprConst>(ExprKind::Const, r);
  e->value = v;
  return e;
}

const Expr* Compiler::stringConst(ByteRange r, std::string_view s, Type t) {
  return constant(r, Value::string(std::string_view(str(s), s.size()), t));
}

// ---- variables
const Expr* Compiler::variable(Symbol name, ByteRange r, const Scope* scope) {
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
bool Compiler::isBuiltin(std::string_view name, const Scope* scope) {
  const Symbol s = sym(name);
  for (const Scope* sc = scope; sc; sc = sc->up) {
    if (!sc->with && sc->find(s) >= 0) return false;
  }
  return rt_.baseIndex(s) >= 0;
}

// ---- expressions
const Expr* Compiler::expr(Node n, const Scope* scope) {
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

const Expr* Compiler::syntaxErrorNode(Node n) {
  // Syntax errors are reported once, from syntaxDiagnostics.
  return silentError(n.range(), firstSyntaxMessage());
}

std::string Compiler::firstSyntaxMessage() {
  for (const CompileProblem& p : f_.problems) {
    if (p.kind == static_cast<std::uint8_t>(ErrorKind::Syntax)) return p.message;
  }
  return "syntax error";
}

Node Compiler::childOfType(Node n, TSSymbol s) {
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

const Expr* Compiler::integer(Node n) {
  const std::string_view t = n.text(src_);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size()) {
    return error(n.range(), "invalid integer '" + std::string(t) + "'", ErrorKind::Syntax);
  }
  return constant(n.range(), Value::integer(v));
}

const Expr* Compiler::stringExpr(Node n, const std::vector<StringPart>& parts, const Scope* scope) {
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
const Expr* Compiler::pathExpr(Node n, const Scope* scope) {
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
const Expr* Compiler::searchPath(Node n, const Scope* scope) {
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

const Expr* Compiler::list(Node n, const Scope* scope) {
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

const Expr* Compiler::apply(Node n, const Scope* scope) {
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

const Expr* Compiler::select(Node n, const Scope* scope) {
  auto* e = node<ExprSelect>(ExprKind::Select, n.range());
  e->subject = expr(n.field(fields().expression), scope);
  auto path = attrPath(n.field(fields().attrpath), scope);
  e->count = static_cast<std::uint32_t>(path.size());
  e->path = copyPath(path);
  const Node def = n.field(fields().default_);
  e->fallback = def.isNull() ? nullptr : expr(def, scope);
  return e;
}

const AttrName* Compiler::copyPath(const std::vector<AttrName>& path) {
  auto* arr = array<AttrName>(path.size());
  std::copy(path.begin(), path.end(), arr);
  return arr;
}

// A static name, or null Symbol with `dynamic` set.
AttrName Compiler::attrName(Node a, const Scope* scope) {
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

std::vector<AttrName> Compiler::attrPath(Node path, const Scope* scope) {
  std::vector<AttrName> out;
  if (path.isNull()) return out;
  forEachChild(path, [&](Node c, TSFieldId f) {
    if (f == fields().attr) out.push_back(attrName(c, scope));
    return true;
  });
  return out;
}

// `${"name"}` with a plain string inside is a static name in Nix.
std::optional<std::string> Compiler::literalInterpolation(Node a) {
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
std::optional<Symbol> Compiler::staticName(Node a) {
  if (auto lit = literalInterpolation(a)) return sym(*lit);
  if (a.is(syms().identifier)) return sym(a.text(src_));
  if (a.is(syms().string_expression)) {
    auto parts = decodeString(a, src_);
    if (parts.empty()) return sym("");
    if (parts.size() == 1 && parts[0].interpolation.isNull()) return sym(parts[0].text);
  }
  return std::nullopt;
}

const Expr* Compiler::unary(Node n, const Scope* scope) {
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

const Expr* Compiler::call2(std::string_view fn, ByteRange r, const Expr* a, const Expr* b, const Scope* scope) {
  auto* call = node<ExprCall>(ExprKind::Call, r);
  call->fn = variable(sym(fn), r, scope);
  auto* args = array<const Expr*>(2);
  args[0] = a;
  args[1] = b;
  call->count = 2;
  call->args = args;
  return call;
}

const Expr* Compiler::binary(Node n, const Scope* scope) {
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
}  // namespace detail

namespace {

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
  detail::Compiler c(rt, *file, options);
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
