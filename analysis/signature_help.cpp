#include "analysis/signature_help.h"

#include <algorithm>

#include "analysis/attr_names.h"
#include "analysis/scopes.h"
#include "analysis/syntax_helpers.h"
#include "analysis/values.h"

namespace fw {

namespace {

// Nested definitions followed to find the function (`f = g; g = import …`).
constexpr int kMaxHops = 8;
// Enclosing `{` tried from the cursor outwards.
constexpr int kMaxBraces = 32;
// How far the argument set is read when its `}` is missing.
constexpr std::size_t kMaxScan = 256 * 1024;

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isIdentChar(char c) {
  return isIdentStart(c) || (c >= '0' && c <= '9') || c == '\'' || c == '-';
}

// One line, at most `max` bytes, whitespace runs collapsed.
std::string shorten(std::string_view t, std::size_t max = 40) {
  std::string out;
  bool space = false;
  for (char c : t) {
    if (isSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() > max) return out.substr(0, max) + "…";
  }
  return out;
}

// --- Reading the argument set lexically -----------------------------------

// Skips a string starting at src[i] (`"` or `''`), with interpolations
// that may hold nested strings and braces. Returns the offset after it.
std::size_t skipString(std::string_view src, std::size_t i, std::size_t limit) {
  enum Mode { Dq, Ind, Code };
  struct Frame {
    Mode mode;
    int depth = 0;
  };
  std::vector<Frame> stack;
  stack.push_back({src[i] == '"' ? Dq : Ind});
  i += src[i] == '"' ? 1 : 2;
  while (i < limit && !stack.empty()) {
    Frame& f = stack.back();
    const char c = src[i];
    const char n = i + 1 < limit ? src[i + 1] : '\0';
    if (f.mode == Dq) {
      if (c == '\\')
        i += 2;
      else if (c == '"')
        stack.pop_back(), ++i;
      else if (c == '$' && n == '{')
        stack.push_back({Code}), i += 2;
      else
        ++i;
    } else if (f.mode == Ind) {
      if (c == '\'' && n == '\'') {
        const char n2 = i + 2 < limit ? src[i + 2] : '\0';
        if (n2 == '$' || n2 == '\'')
          i += 3;
        else if (n2 == '\\')
          i += 4;
        else
          stack.pop_back(), i += 2;
      } else if (c == '$' && n == '{') {
        stack.push_back({Code}), i += 2;
      } else {
        ++i;
      }
    } else {
      if (c == '{')
        ++f.depth, ++i;
      else if (c == '}') {
        if (f.depth == 0)
          stack.pop_back();
        else
          --f.depth;
        ++i;
      } else if (c == '"')
        stack.push_back({Dq}), ++i;
      else if (c == '\'' && n == '\'')
        stack.push_back({Ind}), i += 2;
      else if (c == '#') {
        while (i < limit && src[i] != '\n') ++i;
      } else if (c == '/' && n == '*') {
        const std::size_t e = src.find("*/", i + 2);
        i = e == std::string_view::npos || e + 2 > limit ? limit : e + 2;
      } else {
        ++i;
      }
    }
  }
  return std::min(i, limit);
}

struct ArgumentSet {
  std::vector<std::string> given;  // attributes set, outside the one at the cursor
  std::string active;              // the attribute at the cursor, if any
};

// Reads the bindings of a set whose `{` is at `brace`, up to its `}` (or
// `limit`): the first attribute name of each binding and inherited names.
ArgumentSet readArgumentSet(std::string_view src, ByteOffset brace, ByteOffset cursor,
                            std::size_t limit) {
  ArgumentSet out;
  limit = std::min({limit, src.size(), static_cast<std::size_t>(brace) + kMaxScan});
  std::size_t i = brace + 1;
  int depth = 0;
  struct Segment {
    std::size_t start = 0;
    std::string name;
    std::size_t nameStart = 0;
    bool tokens = false;
    bool assigned = false;
    bool inherit = false;
    std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> inherited;
  } seg;
  seg.start = i;
  auto close = [&](std::size_t end) {
    const bool atCursor = seg.start <= cursor && cursor <= end;
    if (seg.inherit) {
      for (const auto& [n, r] : seg.inherited) {
        if (atCursor && r.first <= cursor && cursor <= r.second)
          out.active = n;
        else
          out.given.push_back(n);
      }
    } else if (!seg.name.empty()) {
      if (atCursor && cursor >= seg.nameStart)
        out.active = seg.name;
      else if (seg.assigned)
        out.given.push_back(seg.name);
    }
    seg = Segment{};
    seg.start = end + 1;
  };
  while (i < limit) {
    const char c = src[i];
    const char n = i + 1 < limit ? src[i + 1] : '\0';
    if (isSpace(c)) {
      ++i;
    } else if (c == '#') {
      while (i < limit && src[i] != '\n') ++i;
    } else if (c == '/' && n == '*') {
      const std::size_t e = src.find("*/", i + 2);
      i = e == std::string_view::npos || e + 2 > limit ? limit : e + 2;
    } else if (c == '"' || (c == '\'' && n == '\'')) {
      const std::size_t start = i;
      i = skipString(src, i, limit);
      if (depth == 0 && !seg.tokens && c == '"' && i - start >= 2) {
        // "name" = …: a quoted attribute name without escapes.
        const std::string_view inner = src.substr(start + 1, i - start - 2);
        if (inner.find_first_of("\\$\"") == std::string_view::npos) {
          seg.name = std::string(inner);
          seg.nameStart = start;
        }
      }
      seg.tokens = true;
    } else if (c == '{' || c == '[' || c == '(') {
      ++depth, ++i, seg.tokens = true;
    } else if (c == '$' && n == '{') {
      ++depth, i += 2, seg.tokens = true;
    } else if (c == '}' || c == ']' || c == ')') {
      if (depth == 0) break;  // the set's own `}`
      --depth, ++i;
    } else if (c == ';' && depth == 0) {
      close(i);
      ++i;
    } else if (c == '=' && n != '=' && depth == 0) {
      if (!seg.inherit) seg.assigned = true;
      ++i, seg.tokens = true;
    } else if (isIdentStart(c)) {
      const std::size_t start = i;
      while (i < limit && isIdentChar(src[i])) ++i;
      const std::string_view word = src.substr(start, i - start);
      if (depth == 0) {
        if (!seg.tokens && word == "inherit") {
          seg.inherit = true;
        } else if (seg.inherit) {
          seg.inherited.push_back({std::string(word), {start, i}});
        } else if (!seg.tokens) {
          seg.name = std::string(word);
          seg.nameStart = start;
        }
      }
      seg.tokens = true;
    } else {
      ++i, seg.tokens = true;
    }
  }
  close(i);
  return out;
}

// --- Finding the function --------------------------------------------------

struct Callee {
  Node function;              // a function_expression with formals
  SyntaxTreePtr keep;         // the tree `function` belongs to, when another file's
  std::string_view fileText;  // that tree's text
  std::string name;           // for the label
  std::string origin;         // markdown: where it is defined
  bool callPackage = false;
};

const char* defKindWord(DefKind k) {
  switch (k) {
    case DefKind::LetBinding:
      return "let binding";
    case DefKind::RecAttr:
      return "attribute of a rec set";
    case DefKind::Formal:
    case DefKind::LambdaArg:
      return "function argument";
    case DefKind::PatternArg:
      return "argument set";
    case DefKind::Inherit:
      return "inherited binding";
  }
  return "binding";
}

// The last attribute name of `f` when it is `x.y.callPackage` or the
// variable itself.
std::string_view lastName(Node f, std::string_view src) {
  f = unwrapParens(f);
  if (f.is(syms().variable_expression)) return f.text(src);
  if (f.is(syms().select_expression) && !f.field(fields().default_)) {
    const Node path = f.field(fields().attrpath);
    const std::uint32_t n = path ? path.namedChildCount() : 0;
    if (n > 0) return staticAttrName(path.namedChild(n - 1), src).value_or("");
  }
  return {};
}

class CalleeFinder {
 public:
  CalleeFinder(const DocumentView& view, const FeatureContext& ctx)
      : view_(view), src_(view.text()), ctx_(ctx) {}

  // `expr` is the function part of a call; `path` the nodes from the root
  // down to it (inclusive).
  std::optional<Callee> find(Node expr, std::vector<Node> path, int hops = 0) {
    if (hops > kMaxHops || !expr) return std::nullopt;
    const Symbols& s = syms();
    const Node e = unwrapParens(expr);
    if (e.is(s.function_expression)) {
      if (!e.field(fields().formals)) return std::nullopt;
      Callee c;
      c.function = e;
      c.fileText = src_;
      c.name = "function";
      c.origin = "function written on line " + std::to_string(view_.lines().lineOf(e.start()) + 1);
      return c;
    }
    if (e.is(s.variable_expression)) {
      if (e != expr) path = pathTo(e);
      const std::string_view name = e.text(src_);
      const Resolution r = resolveName(path, name, src_);
      if (r.kind != Resolution::Kind::Definition) return std::nullopt;
      std::optional<Callee> c;
      if (r.def.value) {
        c = find(r.def.value, pathTo(r.def.value), hops + 1);
      } else if (r.def.inheritFrom) {
        // inherit (lib) f;
        if (auto hit = findAttrIn(valueOf(r.def.inheritFrom, hops + 1), {name}, src_, ctx_))
          c = fromLocated(hit->value, hops);
      }
      if (!c) return std::nullopt;
      if (hops == 0) {
        c->origin = "`" + std::string(name) + "`: " + defKindWord(r.def.kind) + " on line " +
                    std::to_string(view_.lines().lineOf(r.def.nameRange.start) + 1) +
                    (c->keep ? "; " + c->origin : "");
        c->name = std::string(name);
      }
      return c;
    }
    if (e.is(s.select_expression) && !e.field(fields().default_)) {
      // lib.greet, where lib is a known set (here or in an imported file).
      const Node attrpath = e.field(fields().attrpath);
      std::vector<std::string_view> names;
      for (std::uint32_t i = 0; attrpath && i < attrpath.namedChildCount(); ++i) {
        const std::optional<std::string_view> n = staticAttrName(attrpath.namedChild(i), src_);
        if (!n) return std::nullopt;
        names.push_back(*n);
      }
      const std::optional<AttrHit> hit =
          findAttrIn(valueOf(e.field(fields().expression), hops + 1), names, src_, ctx_);
      if (!hit) return std::nullopt;
      std::optional<Callee> c = fromLocated(hit->value, hops);
      if (!c) return std::nullopt;
      if (hops == 0) {
        const LineIndex& lines = hit->name.tree ? hit->name.tree->lines() : view_.lines();
        c->name = shorten(e.text(src_), 60);
        c->origin = "`" + c->name + "`: attribute on line " +
                    std::to_string(lines.lineOf(hit->name.node.start()) + 1) +
                    (hit->name.tree ? " of " + hit->name.file : "");
      }
      return c;
    }
    if (e.is(s.apply_expression)) {
      // import ./file.nix, callPackage ./file.nix, pkgs.callPackage ./file.nix
      const Node arg = unwrapParens(e.field(fields().argument));
      const Node f = e.field(fields().function);
      if (!arg.is(s.path_expression)) return std::nullopt;
      const std::string_view fname = lastName(f, src_);
      const bool isImport = fname == "import" && unwrapParens(f).is(s.variable_expression);
      const bool isCallPackage = fname == "callPackage";
      if (!isImport && !isCallPackage) return std::nullopt;
      if (isImport) {
        std::vector<Node> fpath = pathTo(unwrapParens(f));
        if (resolveName(fpath, "import", src_).kind != Resolution::Kind::Global)
          return std::nullopt;
      }
      return fromFile(arg.text(src_), shorten(e.text(src_), 60), isCallPackage);
    }
    return std::nullopt;
  }

  // What `expr` evaluates to, following variables to their values.
  Located valueOf(Node expr, int hops) {
    const Node e = unwrapParens(expr);
    if (hops > kMaxHops || !e) return {};
    if (!e.is(syms().variable_expression)) return {e, nullptr, ""};
    const std::string_view name = e.text(src_);
    const Resolution r = resolveName(pathTo(e), name, src_);
    if (r.kind != Resolution::Kind::Definition) return {};
    if (r.def.value) return valueOf(r.def.value, hops + 1);
    if (r.def.inheritFrom) {
      if (auto hit = findAttrIn(valueOf(r.def.inheritFrom, hops + 1), {name}, src_, ctx_)) {
        if (!hit->value.tree && hit->value) return valueOf(hit->value.node, hops + 1);
        return hit->value;
      }
    }
    return {};
  }

  // The function a value found by findAttrIn is.
  std::optional<Callee> fromLocated(const Located& v, int hops) {
    if (!v) return std::nullopt;
    if (!v.tree) return find(v.node, pathTo(v.node), hops + 1);  // in this document
    const Located f = followValue(v, src_, ctx_);
    const Node fn = unwrapParens(f.node);
    if (!f.tree || !fn.is(syms().function_expression) || !fn.field(fields().formals))
      return std::nullopt;
    Callee c;
    c.function = fn;
    c.keep = f.tree;
    c.fileText = f.tree->text();
    c.name = "function";
    c.origin = "defined on line " + std::to_string(f.tree->lines().lineOf(fn.start()) + 1) +
               " of " + f.file;
    return c;
  }

  // The nodes from the root down to `n`.
  std::vector<Node> pathTo(Node n) const {
    std::vector<Node> p = view_.pathAt(n.start());
    auto it = std::find(p.begin(), p.end(), n);
    if (it == p.end()) {
      // pathAt preferred a neighbouring token; rebuild from n's own start.
      p = view_.pathAt(n.start() + (n.range().length() > 0 ? 1 : 0));
      it = std::find(p.begin(), p.end(), n);
      if (it == p.end()) return {n};
    }
    p.erase(it + 1, p.end());
    return p;
  }

 private:
  std::optional<Callee> fromFile(std::string_view literal, std::string name, bool callPackage) {
    const std::optional<std::string> file = resolvePathLiteral(literal, ctx_);
    if (!file || !ctx_.files) return std::nullopt;
    SyntaxTreePtr tree = ctx_.files->tree(*file);
    if (!tree) return std::nullopt;
    const Node top = unwrapParens(tree->root().field(fields().expression));
    if (!top.is(syms().function_expression) || !top.field(fields().formals)) return std::nullopt;
    Callee c;
    c.function = top;
    c.fileText = tree->text();
    c.keep = std::move(tree);
    c.name = std::move(name);
    c.origin = "defined in `" + std::string(literal) + "` (" + *file + ")";
    c.callPackage = callPackage;
    return c;
  }

  const DocumentView& view_;
  std::string_view src_;
  const FeatureContext& ctx_;
};

// A `{` around the cursor that may open an argument set.
struct Brace {
  ByteOffset at = 0;
  std::size_t limit = 0;  // where reading the set stops
  Node function;          // the call's function, when the tree says it is a call
  bool call = false;      // the tree says it is a call (else: a guess from the text before)
  bool structural = false;
};

bool applicable(Node n) {
  const Symbols& s = syms();
  return n.is(s.variable_expression) || n.is(s.select_expression) || n.is(s.apply_expression) ||
         n.is(s.parenthesized_expression);
}

}  // namespace

std::optional<SignatureHelpResult> signatureHelp(const DocumentView& view, ByteOffset offset,
                                                 const FeatureContext& ctx) {
  const Symbols& s = syms();
  const std::string_view src = view.text();
  offset = std::min<ByteOffset>(offset, static_cast<ByteOffset>(src.size()));
  // The token just before the cursor (the cursor itself may sit in
  // whitespace after a set whose `}` is missing).
  ByteOffset q = offset;
  while (q > 0 && isSpace(src[q - 1])) --q;
  if (q == 0) return std::nullopt;
  const std::vector<Node> path = view.pathAt(q);

  // Candidate braces, innermost first.
  std::vector<Brace> braces;
  for (std::size_t i = path.size(); i-- > 0 && braces.size() < kMaxBraces;) {
    const Node n = path[i];
    if (n.is(s.attrset_expression)) {
      bool closed = false;
      forEachChild(n, [&](Node c, TSFieldId) {
        if (c.symbol() == s.t_rbrace && !c.isMissing() && c.range().length() > 0) closed = true;
        return true;
      });
      if (offset <= n.start() || (closed && offset >= n.end())) continue;
      Brace b;
      b.at = n.start();
      b.limit = closed ? n.end() - 1 : src.size();
      b.structural = true;
      if (i > 0 && path[i - 1].is(s.apply_expression) &&
          path[i - 1].field(fields().argument) == n) {
        b.call = true;
        b.function = path[i - 1].field(fields().function);
      }
      braces.push_back(b);
    } else if (n.isError()) {
      // Unmatched `{` among the error's own tokens, before the cursor.
      std::vector<ByteOffset> open;
      forEachChild(n, [&](Node c, TSFieldId) {
        if (c.start() >= offset) return false;
        if (c.symbol() == s.t_lbrace)
          open.push_back(c.start());
        else if (c.symbol() == s.t_rbrace && !open.empty() && !c.isMissing())
          open.pop_back();
        return true;
      });
      for (auto it = open.rbegin(); it != open.rend(); ++it) braces.push_back({*it, src.size()});
    }
  }

  CalleeFinder finder(view, ctx);
  for (const Brace& b : braces) {
    std::optional<Callee> callee;
    if (b.call) {
      std::vector<Node> fpath = finder.pathTo(b.function);
      callee = finder.find(b.function, std::move(fpath));
      if (!callee) return std::nullopt;  // a call of something unknown
    } else if (!b.structural) {
      // From the text: the expression that ends right before the `{`.
      ByteOffset e = b.at;
      while (e > 0 && isSpace(src[e - 1])) --e;
      if (e == 0) continue;
      const std::vector<Node> before = view.pathAt(e);
      Node fn;
      std::size_t depth = 0;
      for (std::size_t i = 0; i < before.size(); ++i) {
        if (before[i].end() == e && before[i].start() < e && applicable(before[i])) {
          fn = before[i];
          depth = i;
          break;
        }
      }
      if (!fn) continue;
      callee = finder.find(
          fn, std::vector<Node>(before.begin(),
                                before.begin() + static_cast<std::ptrdiff_t>(depth) + 1));
      if (!callee) return std::nullopt;
    } else {
      continue;  // a set that is not an argument: look further out
    }

    // The signature.
    const ArgumentSet args = readArgumentSet(src, b.at, offset, b.limit);
    SignatureHelpResult out;
    out.label = callee->name + " { ";
    bool first = true;
    bool ellipsis = false;
    const std::string_view ftext = callee->fileText;
    forEachChild(callee->function.field(fields().formals), [&](Node f, TSFieldId) {
      if (f.is(s.ellipses)) {
        ellipsis = true;
        return true;
      }
      if (!f.is(s.formal)) return true;
      const Node name = f.field(fields().name);
      if (!name || name.range().length() == 0) return true;
      if (!first) out.label += ", ";
      first = false;
      SignatureParameter p;
      p.name = std::string(name.text(ftext));
      p.labelStart = static_cast<std::uint32_t>(out.label.size());
      out.label += p.name;
      p.labelEnd = static_cast<std::uint32_t>(out.label.size());
      if (const Node d = f.field(fields().default_)) {
        p.hasDefault = true;
        p.defaultText = shorten(d.text(ftext));
        out.label += " ? …";
      }
      p.given = std::find(args.given.begin(), args.given.end(), p.name) != args.given.end();
      p.documentation = p.hasDefault ? "default: `" + p.defaultText + "`"
                        : callee->callPackage
                            ? "required (callPackage passes it from the package set)"
                            : "required";
      if (p.given) p.documentation += "; already given";
      out.parameters.push_back(std::move(p));
      return true;
    });
    if (ellipsis) out.label += first ? "..." : ", ...";
    out.label += first && !ellipsis ? "}" : " }";

    // The parameter being typed, else the first one missing.
    std::optional<std::uint32_t> active;
    for (std::uint32_t i = 0; i < out.parameters.size(); ++i)
      if (!args.active.empty() && out.parameters[i].name == args.active) active = i;
    if (args.active.empty()) {
      for (int pass = 0; pass < 2 && !active; ++pass) {
        for (std::uint32_t i = 0; i < out.parameters.size() && !active; ++i) {
          const SignatureParameter& p = out.parameters[i];
          if (!p.given && (pass == 1 || !p.hasDefault)) active = i;
        }
      }
    }
    out.activeParameter = active;

    std::string missing;
    for (const SignatureParameter& p : out.parameters) {
      if (p.given || p.hasDefault || p.name == args.active) continue;
      missing += (missing.empty() ? "" : ", ") + ("`" + p.name + "`");
    }
    out.documentation = callee->origin;
    if (!args.active.empty() && !active && !ellipsis)
      out.documentation += "\n\n`" + args.active + "` is not an argument of this function";
    if (!missing.empty() && !callee->callPackage)
      out.documentation += "\n\nStill required: " + missing;
    return out;
  }
  return std::nullopt;
}

}  // namespace fw
