#include "analysis/code_actions.h"

#include <algorithm>

#include "analysis/attr_names.h"
#include "analysis/diagnostic_codes.h"
#include "analysis/semantic.h"
#include "analysis/syntax_helpers.h"

namespace fw {

namespace {

// --- Text helpers -------------------------------------------------------------

bool isHSpace(char c) {
  return c == ' ' || c == '\t';
}
bool isNewline(char c) {
  return c == '\n' || c == '\r';
}
bool isSpace(char c) {
  return isHSpace(c) || isNewline(c);
}

bool blank(std::string_view src, std::size_t a, std::size_t b) {
  for (std::size_t i = a; i < b; ++i)
    if (!isHSpace(src[i])) return false;
  return true;
}

std::size_t lineStartOf(std::string_view src, std::size_t o) {
  while (o > 0 && !isNewline(src[o - 1])) --o;
  return o;
}

std::size_t lineEndOf(std::string_view src, std::size_t o) {
  while (o < src.size() && !isNewline(src[o])) ++o;
  return o;
}

// Past the line terminator at `e` (a line end).
std::size_t pastNewline(std::string_view src, std::size_t e) {
  if (e < src.size() && src[e] == '\r') {
    ++e;
    if (e < src.size() && src[e] == '\n') ++e;
  } else if (e < src.size() && src[e] == '\n') {
    ++e;
  }
  return e;
}

// The line's indentation (spaces and tabs at its start).
std::string indentOf(std::string_view src, std::size_t o) {
  const std::size_t ls = lineStartOf(src, o);
  std::size_t e = ls;
  while (e < src.size() && isHSpace(src[e])) ++e;
  return std::string(src.substr(ls, e - ls));
}

// Blank up to the line end, or only a `#` comment there.
bool restOfLineEmpty(std::string_view src, std::size_t from) {
  std::size_t i = from;
  while (i < src.size() && isHSpace(src[i])) ++i;
  return i >= src.size() || isNewline(src[i]) || src[i] == '#';
}

// What to delete to remove `r`: its whole line(s) when nothing else is on
// them (a trailing `#` comment goes with it), else `r` and the spaces next
// to it.
ByteRange removal(std::string_view src, ByteRange r) {
  const std::size_t ls = lineStartOf(src, r.start);
  if (blank(src, ls, r.start) && restOfLineEmpty(src, r.end)) {
    const std::size_t le = lineEndOf(src, r.end);
    return {static_cast<ByteOffset>(ls), static_cast<ByteOffset>(pastNewline(src, le))};
  }
  std::size_t e = r.end;
  while (e < src.size() && isHSpace(src[e])) ++e;
  if (e < src.size() && !isNewline(src[e])) return {r.start, static_cast<ByteOffset>(e)};
  std::size_t s = r.start;
  while (s > ls && isHSpace(src[s - 1])) --s;
  return {static_cast<ByteOffset>(s), static_cast<ByteOffset>(e)};
}

std::string code(std::string_view s) {
  return "`" + std::string(s) + "`";
}

Node childToken(Node n, TSSymbol sym) {
  Node out;
  forEachChild(n, [&](Node c, TSFieldId) {
    if (c.symbol() == sym && !c.isMissing()) out = c;
    return !out;
  });
  return out;
}

bool hasComment(Node n) {
  bool found = false;
  forEachChild(n, [&](Node c, TSFieldId) {
    found = c.is(syms().comment);
    return !found;
  });
  return found;
}

// The first static attribute name of a binding, if any.
std::optional<std::string_view> firstName(Node binding, std::string_view src) {
  const Node path = binding.field(fields().attrpath);
  const Node first = path ? path.namedChild(0) : Node();
  return first ? staticAttrName(first, src) : std::nullopt;
}

bool isBindingLike(Node b) {
  const Symbols& s = syms();
  return b.is(s.binding) || b.is(s.inherit) || b.is(s.inherit_from);
}

// --- Quick fixes ----------------------------------------------------------------

class Fixer {
 public:
  Fixer(const FileAnalysis& a) : a_(a), m_(*a.model), src_(a.tree->text()) {}

  void fix(const Diagnostic& d, std::vector<CodeAction>& out) {
    if (d.code == code::UnusedBinding)
      unusedBinding(d, out);
    else if (d.code == code::UnusedWith)
      unusedWith(d, out);
    else if (d.code == code::UnusedRec)
      unusedRec(d, out);
    else if (d.code == code::UndefinedVariable)
      undefinedVariable(d, out);
  }

 private:
  CodeAction action(std::string title, const Diagnostic& d, std::vector<TextEdit> edits) {
    CodeAction a;
    a.title = std::move(title);
    a.kind = CodeActionKind::QuickFix;
    a.edits = std::move(edits);
    a.diagnostic = d;
    a.preferred = true;
    return a;
  }

  const Definition* definitionFor(const Diagnostic& d) const {
    const Definition* def = m_.definitionAt(d.range.start);
    return def && def->nameRange == d.range ? def : nullptr;
  }

  // Removes the given members of a let's binding set; the whole `let … in`
  // when nothing else is left in it.
  std::vector<TextEdit> removeMembers(const Scope& scope, const std::vector<Node>& members) {
    std::size_t total = 0;
    forEachChild(scope.bindings, [&](Node b, TSFieldId) {
      total += isBindingLike(b);
      return true;
    });
    if (total == members.size() && scope.node.is(syms().let_expression) &&
        !hasComment(scope.bindings)) {
      const Node body = scope.node.field(fields().body);
      if (body && !body.isMissing()) return {{{scope.node.start(), body.start()}, ""}};
    }
    std::vector<TextEdit> edits;
    for (Node b : members) edits.push_back({removal(src_, b.range()), ""});
    return edits;
  }

  void unusedBinding(const Diagnostic& d, std::vector<CodeAction>& out) {
    const Definition* def = definitionFor(d);
    if (!def) return;
    const Scope& scope = m_.scopes[def->scope];
    const std::string name(def->name);
    switch (def->kind) {
      case DefKind::LetBinding: {
        if (!scope.bindings) return;
        // Every binding that defines the name (`a.b = 1; a.c = 2;`).
        std::vector<Node> members;
        forEachChild(scope.bindings, [&](Node b, TSFieldId) {
          if (b.is(syms().binding) && firstName(b, src_) == def->name) members.push_back(b);
          return true;
        });
        if (members.empty()) return;
        out.push_back(
            action("Remove unused binding " + code(name), d, removeMembers(scope, members)));
        return;
      }
      case DefKind::Inherit: {
        if (!scope.bindings) return;
        const Node inh = def->node;
        const Node attrs = inh.field(fields().attrs);
        if (!attrs) return;
        std::uint32_t count = 0;
        forEachChild(attrs, [&](Node c, TSFieldId) {
          count += c.isNamed() && !c.is(syms().comment);
          return true;
        });
        if (count <= 1) {
          out.push_back(
              action("Remove unused binding " + code(name), d, removeMembers(scope, {inh})));
          return;
        }
        // Drop the name from the list, with the space before it (after
        // it, for the first name).
        std::size_t s = def->nameRange.start;
        std::size_t e = def->nameRange.end;
        while (s > attrs.start() && isSpace(src_[s - 1])) --s;
        if (s == attrs.start()) {
          s = def->nameRange.start;
          while (e < attrs.end() && isSpace(src_[e])) ++e;
        }
        out.push_back(action("Remove unused binding " + code(name), d,
                             {{{static_cast<ByteOffset>(s), static_cast<ByteOffset>(e)}, ""}}));
        return;
      }
      case DefKind::Formal:
        removeFormal(d, *def, scope, out);
        return;
      case DefKind::PatternArg: {
        const Node fn = scope.node;
        const Node formals = fn.field(fields().formals);
        const Node universal = def->node;
        if (!formals) return;
        const ByteRange r = universal.start() < formals.start()
                                ? ByteRange{universal.start(), formals.start()}  // args@{ … }
                                : ByteRange{formals.end(), universal.end()};     // { … }@args
        out.push_back(action("Remove unused " + code(name + "@"), d, {{r, ""}}));
        return;
      }
      default:
        return;
    }
  }

  void removeFormal(const Diagnostic& d, const Definition& def, const Scope& scope,
                    std::vector<CodeAction>& out) {
    const Node formal = def.node;
    const Node formals = scope.node.field(fields().formals);
    if (!formals) return;
    const bool ellipsis = static_cast<bool>(formals.field(fields().ellipses));
    const std::size_t fs = formal.start();
    const std::size_t fe = formal.end();
    // The commas around it (a trailing comma is in the text, not the tree).
    std::size_t after = fe;
    while (after < formals.end() && isSpace(src_[after])) ++after;
    const bool commaAfter = after < formals.end() && src_[after] == ',';
    std::size_t before = fs;
    while (before > formals.start() && isSpace(src_[before - 1])) --before;
    const bool commaBefore = before > formals.start() && src_[before - 1] == ',';
    const std::size_t ls = lineStartOf(src_, fs);
    std::string_view prefix = src_.substr(ls, fs - ls);
    while (!prefix.empty() && isHSpace(prefix.back())) prefix.remove_suffix(1);
    while (!prefix.empty() && isHSpace(prefix.front())) prefix.remove_prefix(1);
    ByteRange r;
    if (prefix.empty() && commaAfter && lineEndOf(src_, fe) > after &&
        restOfLineEmpty(src_, after + 1)) {
      // `  b,` alone on its line (RFC 166): the whole line.
      r = {static_cast<ByteOffset>(ls),
           static_cast<ByteOffset>(pastNewline(src_, lineEndOf(src_, after)))};
    } else if ((prefix.empty() || prefix == ",") && restOfLineEmpty(src_, fe) &&
               (prefix == "," || !commaAfter)) {
      // `, b` (leading commas) or a last `  b` alone on its line.
      r = {static_cast<ByteOffset>(ls),
           static_cast<ByteOffset>(pastNewline(src_, lineEndOf(src_, fe)))};
    } else if (commaAfter) {
      std::size_t e = after + 1;
      while (e < formals.end() && isHSpace(src_[e])) ++e;
      r = {static_cast<ByteOffset>(fs), static_cast<ByteOffset>(e)};
    } else if (commaBefore) {
      r = {static_cast<ByteOffset>(before - 1), static_cast<ByteOffset>(fe)};
    } else {
      std::size_t s = fs;
      while (s > formals.start() + 1 && isHSpace(src_[s - 1]) && isHSpace(src_[s - 2])) --s;
      r = {static_cast<ByteOffset>(s), static_cast<ByteOffset>(fe)};
    }
    CodeAction a = action("Remove unused argument " + code(def.name), d, {{r, ""}});
    if (!ellipsis) {
      // Without `...`, a caller that passes it would now fail.
      a.title += " (callers that pass it will fail)";
      a.preferred = false;
      a.preservesValue = false;
    }
    out.push_back(std::move(a));
  }

  void unusedWith(const Diagnostic& d, std::vector<CodeAction>& out) {
    // From the root down (ts_node_parent is O(depth) per step).
    std::vector<Node> path;
    descendTo(a_.tree->root(), d.range.start + 1, path);
    Node with;
    for (const Node& n : path)
      if (n.is(syms().with_expression) && n.start() == d.range.start) with = n;
    if (!with) return;
    const Node body = with.field(fields().body);
    if (!body || body.isMissing()) return;
    out.push_back(action("Remove unused `with`", d, {{{with.start(), body.start()}, ""}}));
  }

  void unusedRec(const Diagnostic& d, std::vector<CodeAction>& out) {
    std::vector<Node> path;
    descendTo(a_.tree->root(), d.range.start + 1, path);
    Node set;
    for (const Node& n : path)
      if (n.is(syms().rec_attrset_expression) && n.start() == d.range.start) set = n;
    if (!set) return;
    const Node brace = childToken(set, syms().t_lbrace);
    if (!brace) return;
    out.push_back(action("Remove unneeded `rec`", d, {{{set.start(), brace.start()}, ""}}));
  }

  void undefinedVariable(const Diagnostic& d, std::vector<CodeAction>& out) {
    const Reference* ref = m_.referenceAt(d.range.start);
    if (!ref || ref->range != d.range) return;
    const std::string_view name = src_.substr(d.range.start, d.range.length());
    if (!isValidIdentifier(name)) return;
    for (std::uint32_t sc : m_.scopesAt(d.range.start)) {
      const Scope& scope = m_.scopes[sc];
      if (scope.kind != ScopeKind::Lambda) continue;
      const Node formals = scope.node.field(fields().formals);
      if (!formals) continue;
      if (auto edit = addFormal(formals, name)) {
        out.push_back(action("Add " + code(name) + " to the function's arguments", d, {*edit}));
      }
      return;
    }
  }

  // Adds `name` to the formals, in their layout: inline, one per line with
  // trailing commas (RFC 166), or with leading commas; before `...`.
  std::optional<TextEdit> addFormal(Node formals, std::string_view name) {
    const Symbols& s = syms();
    const Node lbrace = childToken(formals, s.t_lbrace);
    const Node rbrace = childToken(formals, s.t_rbrace);
    if (!lbrace || !rbrace) return std::nullopt;
    std::vector<Node> items;
    forEachChild(formals, [&](Node c, TSFieldId) {
      if (c.is(s.formal) || c.is(s.ellipses)) items.push_back(c);
      return true;
    });
    const std::string n(name);
    if (items.empty()) {
      if (!blank(src_, lbrace.end(), rbrace.start())) return std::nullopt;
      return TextEdit{{lbrace.end(), rbrace.start()}, " " + n + " "};
    }
    const Node last = items.back();
    const bool multiline = lineStartOf(src_, rbrace.start()) > last.end();
    // The text before the item on its line: "" (own line), "," (leading
    // comma style), or other (shares the line).
    auto linePrefix = [&](Node item) {
      const std::size_t ls = lineStartOf(src_, item.start());
      std::string_view p = src_.substr(ls, item.start() - ls);
      while (!p.empty() && isHSpace(p.front())) p.remove_prefix(1);
      while (!p.empty() && isHSpace(p.back())) p.remove_suffix(1);
      return p;
    };
    if (last.is(s.ellipses)) {
      const std::string_view p = linePrefix(last);
      if (multiline && (p.empty() || p == ",")) {
        const std::size_t ls = lineStartOf(src_, last.start());
        const std::string indent = indentOf(src_, last.start());
        const std::string line = p.empty() ? indent + n + ",\n" : indent + ", " + n + "\n";
        return TextEdit{{static_cast<ByteOffset>(ls), static_cast<ByteOffset>(ls)}, line};
      }
      return TextEdit{{last.start(), last.start()}, n + ", "};
    }
    if (multiline) {
      const std::string_view p = linePrefix(last);
      const std::string indent = indentOf(src_, last.start());
      if (p == ",") return TextEdit{{last.end(), last.end()}, "\n" + indent + ", " + n};
      if (p.empty()) {
        std::size_t after = last.end();
        while (after < src_.size() && isHSpace(src_[after])) ++after;
        if (after < src_.size() && src_[after] == ',')
          return TextEdit{{static_cast<ByteOffset>(after + 1), static_cast<ByteOffset>(after + 1)},
                          "\n" + indent + n + ","};
        return TextEdit{{last.end(), last.end()}, ",\n" + indent + n};
      }
    }
    return TextEdit{{last.end(), last.end()}, ", " + n};
  }

  const FileAnalysis& a_;
  const SemanticModel& m_;
  std::string_view src_;
};

// --- Refactors ------------------------------------------------------------------

class Refactorer {
 public:
  Refactorer(const FileAnalysis& a, ByteRange range) : src_(a.tree->text()), range_(range) {
    descendTo(a.tree->root(), range.start, path_);
  }

  void run(std::vector<CodeAction>& out) {
    const Symbols& s = syms();
    int bindings = 0;
    for (std::size_t i = path_.size(); i-- > 0;) {
      const Node n = path_[i];
      if (n.is(s.binding) && bindings < 2) {
        if (bindings == 0) {
          inheritFromBinding(n, out);
          pack(n, out);
        }
        flatten(n, out);
        ++bindings;
      } else if ((n.is(s.inherit) || n.is(s.inherit_from)) && bindings == 0) {
        inheritToBindings(n, out);
        ++bindings;
      }
      if (n.is(s.identifier) ||
          (n.is(s.string_expression) && i > 0 && path_[i - 1].is(s.attrpath))) {
        if (i > 0 && path_[i - 1].is(s.attrpath)) quoting(n, out);
      }
      if ((n.is(s.string_expression) || n.is(s.indented_string_expression)) &&
          !(i > 0 && (path_[i - 1].is(s.attrpath) || path_[i - 1].is(s.inherited_attrs)))) {
        convertString(n, out);
      }
    }
  }

 private:
  static CodeAction action(std::string title, std::vector<TextEdit> edits) {
    CodeAction a;
    a.title = std::move(title);
    a.kind = CodeActionKind::RefactorRewrite;
    a.edits = std::move(edits);
    return a;
  }

  // The binding set `b` (a node of the cursor's path) is in, and the node
  // owning that set. From the path: ts_node_parent is O(depth).
  Node setOf(Node b) const {
    const auto it = std::find(path_.begin(), path_.end(), b);
    return it != path_.begin() && it != path_.end() && (it - 1)->is(syms().binding_set) ? *(it - 1)
                                                                                        : Node();
  }
  Node setOwner(Node b) const {
    const auto it = std::find(path_.begin(), path_.end(), b);
    return it - path_.begin() >= 2 && it != path_.end() && (it - 1)->is(syms().binding_set)
               ? *(it - 2)
               : Node();
  }

  bool inPlainSet(Node b) const { return setOwner(b).is(syms().attrset_expression); }

  // a = a;  ->  inherit a;   (plain sets only)
  void inheritFromBinding(Node b, std::vector<CodeAction>& out) {
    const Symbols& s = syms();
    if (!inPlainSet(b)) return;
    const Node path = b.field(fields().attrpath);
    const Node value = b.field(fields().expression);
    if (!path || path.namedChildCount() != 1 || !value.is(s.variable_expression)) return;
    const Node name = path.namedChild(0);
    if (!name.is(s.identifier) || name.text(src_) != value.text(src_)) return;
    if (!childToken(b, s.t_semicolon)) return;
    out.push_back(action("Convert to `inherit " + std::string(name.text(src_)) + ";`",
                         {{b.range(), "inherit " + std::string(name.text(src_)) + ";"}}));
  }

  // inherit a b;  ->  a = a; b = b;      inherit (x) a;  ->  a = x.a;
  void inheritToBindings(Node inh, std::vector<CodeAction>& out) {
    const Symbols& s = syms();
    if (!inPlainSet(inh) || !childToken(inh, s.t_semicolon)) return;
    const Node attrs = inh.field(fields().attrs);
    if (!attrs) return;
    std::vector<std::string> names;
    bool ok = true;
    forEachChild(attrs, [&](Node a, TSFieldId) {
      if (!a.isNamed() || a.is(s.comment)) return true;
      if (a.isMissing() || a.range().length() == 0) return ok = false;
      names.emplace_back(a.text(src_));
      // `inherit a;` reads the variable a: only plain identifiers can be
      // written as `a = a;`.
      if (inh.is(s.inherit) && !(a.is(s.identifier) && isValidIdentifier(names.back()))) ok = false;
      if (inh.is(s.inherit_from) && !staticAttrName(a, src_)) ok = false;
      return ok;
    });
    if (!ok || names.empty()) return;
    std::string text;
    if (inh.is(s.inherit)) {
      for (const std::string& n : names) text += (text.empty() ? "" : " ") + n + " = " + n + ";";
      out.push_back(
          action(names.size() == 1 ? "Convert to `" + text + "`" : "Convert `inherit` to bindings",
                 {{inh.range(), text}}));
      return;
    }
    const Node from = inh.field(fields().expression);
    if (!from || from.hasError()) return;
    // `x.a` needs x to be a simple expression; anything else in parentheses.
    std::string x(from.text(src_));
    const bool simple = from.is(s.variable_expression) || from.is(s.parenthesized_expression) ||
                        (from.is(s.select_expression) && !from.field(fields().default_));
    if (!simple) x = "(" + x + ")";
    for (const std::string& n : names)
      text += (text.empty() ? "" : " ") + n + " = " + x + "." + n + ";";
    out.push_back(action(names.size() == 1
                             ? "Convert to `" + names[0] + " = " + x + "." + names[0] + ";`"
                             : "Convert `inherit (…)` to bindings",
                         {{inh.range(), text}}));
  }

  // a = { b = 1; };  ->  a.b = 1;
  void flatten(Node b, std::vector<CodeAction>& out) {
    const Symbols& s = syms();
    const Node path = b.field(fields().attrpath);
    const Node value = b.field(fields().expression);
    if (!path || !value.is(s.attrset_expression) || value.hasError() ||
        !childToken(b, s.t_semicolon))
      return;
    const Node set = bindingSetOf(value);
    if (!set || hasComment(value) || hasComment(set)) return;
    Node inner;
    std::size_t count = 0;
    forEachChild(set, [&](Node c, TSFieldId) {
      if (isBindingLike(c)) {
        ++count;
        inner = c;
      }
      return true;
    });
    if (count != 1 || !inner.is(s.binding)) return;
    const Node innerPath = inner.field(fields().attrpath);
    if (!innerPath || !firstName(inner, src_)) return;
    const std::string newPath =
        std::string(path.text(src_)) + "." + std::string(innerPath.text(src_));
    const std::string text =
        newPath + std::string(src_.substr(innerPath.end(), inner.end() - innerPath.end()));
    out.push_back(action("Flatten to `" + newPath + " = …;`", {{b.range(), text}}));
  }

  // a.b = 1;  ->  a = { b = 1; };   when no other binding in the set starts with a
  void pack(Node b, std::vector<CodeAction>& out) {
    const Symbols& s = syms();
    const Node path = b.field(fields().attrpath);
    if (!path || path.namedChildCount() < 2 || !childToken(b, s.t_semicolon) || b.hasError())
      return;
    const std::optional<std::string_view> first = firstName(b, src_);
    if (!first) return;
    const Node set = setOf(b);
    if (!set) return;
    bool clash = false;
    forEachChild(set, [&](Node o, TSFieldId) {
      if (o == b || !isBindingLike(o)) return true;
      if (o.is(s.binding)) {
        const std::optional<std::string_view> n = firstName(o, src_);
        clash = !n || *n == *first;  // a dynamic name might be `a` too
      } else if (const Node attrs = o.field(fields().attrs)) {
        forEachChild(attrs, [&](Node a, TSFieldId) {
          if (a.isNamed() && !a.is(s.comment)) clash = clash || staticAttrName(a, src_) == *first;
          return !clash;
        });
      }
      return !clash;
    });
    if (clash) return;
    const Node firstAttr = path.namedChild(0);
    const Node second = path.namedChild(1);
    const std::string rest(src_.substr(second.start(), b.end() - second.start()));
    const std::string text = std::string(firstAttr.text(src_)) + " = { " + rest + " };";
    out.push_back(action("Pack into `" + std::string(firstAttr.text(src_)) + " = { … };`",
                         {{b.range(), text}}));
  }

  // a  <->  "a" in attribute paths.
  void quoting(Node n, std::vector<CodeAction>& out) {
    const Symbols& s = syms();
    if (n.is(s.identifier)) {
      if (n.isMissing() || n.range().length() == 0) return;
      out.push_back(
          action("Quote attribute name", {{n.range(), "\"" + std::string(n.text(src_)) + "\""}}));
      return;
    }
    const std::optional<std::string_view> name = staticAttrName(n, src_);
    if (!name || !isValidIdentifier(*name) || n.hasError()) return;
    out.push_back(action("Unquote attribute name", {{n.range(), std::string(*name)}}));
  }

  // "…" <-> ''…'' when the text needs no escaping either way: one line,
  // no escapes, no `$`, quotes or backslashes, no leading blank (indented
  // strings strip it).
  void convertString(Node str, std::vector<CodeAction>& out) {
    const Symbols& s = syms();
    if (str.hasError()) return;
    const bool toIndented = str.is(s.string_expression);
    const std::string_view open = toIndented ? "\"" : "''";
    const std::string_view t = str.text(src_);
    if (t.size() < 2 * open.size() || !t.starts_with(open) || !t.ends_with(open)) return;
    bool ok = true;
    forEachChild(str, [&](Node c, TSFieldId) {
      if (c.is(s.escape_sequence) || c.is(s.dollar_escape) || c.isError() || c.isMissing())
        ok = false;
      if (c.is(s.string_fragment) &&
          c.text(src_).find_first_of("\"'\\$\n\r") != std::string_view::npos)
        ok = false;
      return ok;
    });
    const std::string_view content = t.substr(open.size(), t.size() - 2 * open.size());
    if (!ok || (!content.empty() && isHSpace(content.front()))) return;
    const std::string_view close = toIndented ? "''" : "\"";
    out.push_back(
        action(toIndented ? "Convert to indented string" : "Convert to double-quoted string",
               {{str.range(), std::string(close) + std::string(content) + std::string(close)}}));
  }

  std::string_view src_;
  ByteRange range_;
  std::vector<Node> path_;
};

}  // namespace

std::vector<CodeAction> codeActions(const FileAnalysis& analysis, ByteRange range,
                                    std::span<const Diagnostic> diagnostics) {
  std::vector<CodeAction> out;
  if (!analysis.tree || !analysis.model) return out;
  Fixer fixer(analysis);
  for (const Diagnostic& d : diagnostics) {
    // Diagnostics overlapping the range (a cursor touching one counts).
    if (d.range.end < range.start || d.range.start > range.end) continue;
    fixer.fix(d, out);
  }
  Refactorer(analysis, range).run(out);
  for (CodeAction& a : out) {
    std::sort(a.edits.begin(), a.edits.end(),
              [](const TextEdit& x, const TextEdit& y) { return x.range.start < y.range.start; });
  }
  return out;
}

}  // namespace fw
