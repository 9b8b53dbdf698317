#include "parser/syntax_diagnostics.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <unordered_map>

#include "parser/nesting.h"
#include "parser/normalize.h"

namespace fw {

namespace {

// Token-ish view of a node: anonymous tokens by type, `keyword` and other
// leaves by their text.
std::string tokenText(Node n, std::string_view src) {
  if (!n.isNamed()) return n.type();
  std::string_view t = n.text(src);
  if (t.size() > 24) return std::string(t.substr(0, 21)) + "...";
  return std::string(t);
}

bool isKeyword(Node n, std::string_view src, std::string_view kw) {
  if (n.isNamed() && n.symbol() != syms().keyword && n.symbol() != syms().identifier) return false;
  return n.text(src) == kw;
}

// Direct children of an ERROR node, flattened through nested ERRORs is not
// wanted: nested errors are reported on their own.
std::vector<Node> childrenOf(Node n) {
  std::vector<Node> out;
  forEachChild(n, [&](Node c, TSFieldId) {
    out.push_back(c);
    return true;
  });
  return out;
}

bool childHasError(Node n) {
  bool any = false;
  forEachChild(n, [&](Node c, TSFieldId) {
    any = c.isError() || c.isMissing() || c.hasError();
    return !any;
  });
  return any;
}

bool hasLoneQuote(Node n) {
  bool quote = false;
  forEachChild(n, [&](Node c, TSFieldId) {
    quote = !c.isNamed() && (c.symbol() == syms().t_dquote || c.symbol() == syms().t_squote2);
    return !quote;
  });
  return quote;
}

// The last token before `offset`, for "after 'x'" messages.
Node previousLeaf(Node root, ByteOffset offset) {
  if (offset == 0) return {};
  Node n = root.descendant(offset - 1, offset);
  while (n && n.childCount() > 0) {
    // Descend to the last child that starts before offset.
    Node best;
    forEachChild(n, [&](Node c, TSFieldId) {
      if (c.start() < offset && !c.isMissing()) best = c;
      return c.start() < offset;
    });
    if (!best) break;
    n = best;
  }
  return n;
}

std::string lineOf(const SyntaxTree& st, ByteOffset o) {
  return std::to_string(st.lines().lineOf(o) + 1);
}

const char* openerCloser(std::string_view opener) {
  if (opener == "(") return ")";
  if (opener == "[") return "]";
  return nullptr;
}

const char* openerFor(std::string_view closer) {
  if (closer == "}") return "{";
  if (closer == "]") return "[";
  if (closer == ")") return "(";
  return nullptr;
}

class Reporter {
 public:
  Reporter(const SyntaxTree& st, std::vector<Diagnostic>& out)
      : st_(st), src_(st.text()), out_(out) {}

  void missing(Node n, std::span<const Node> ancestors) {
    const Symbols& s = syms();
    const Node parent = ancestors.empty() ? Node() : ancestors.back();
    const std::string what = n.type();
    const ByteRange at{n.start(), n.start()};
    if (n.symbol() == s.identifier) {
      if (parent.is(s.inherited_attrs)) {
        // `inherit;` is valid Nix (it inherits nothing); tree-sitter-nix
        // wants at least one name. Not a syntax error.
        if (parent.namedChildCount() == 1) return;
        return add(at, "expected an attribute name");
      }
      if (parent.is(s.attrpath)) {
        const Node prev = leafBefore(n.start());
        const std::string after = prev ? tokenText(prev, src_) : ".";
        return add(at, "expected an attribute name after '" + (after == "?" ? after : ".") + "'");
      }
      const Node prev = leafBefore(n.start());
      if (prev) return add(at, "expected an expression after '" + tokenText(prev, src_) + "'");
      return add(at, "expected an expression");
    }
    if (what == ";") {
      if (parent.is(s.binding)) return add(at, "expected ';' after binding");
      if (parent.is(s.inherit) || parent.is(s.inherit_from))
        return add(at, "expected ';' after inherit");
      if (parent.is(s.with_expression)) return add(at, "expected ';' after 'with' expression");
      if (parent.is(s.assert_expression)) return add(at, "expected ';' after 'assert' condition");
      return add(at, "expected ';'");
    }
    if (const char* open = openerFor(what)) {
      // Name the bracket it would close.
      Node opener;
      forEachChild(parent, [&](Node c, TSFieldId) {
        if (!c.isNamed() && std::strcmp(c.type(), open) == 0) opener = c;
        return !opener;
      });
      if (opener) {
        return add(at, "expected '" + what + "' to close '" + open + "' on line " +
                           lineOf(st_, opener.start()));
      }
      return add(at, "expected '" + what + "'");
    }
    if (what == "\"" || what == "''") return add(at, "unterminated string");
    if (what == "in") return add(at, "expected 'in' after let bindings");
    if (what == "then") return add(at, "expected 'then' after 'if' condition");
    if (what == "else") return add(at, "expected 'else' branch");
    if (what == ":") return add(at, "expected ':' after function arguments");
    add(at, "expected '" + what + "'");
  }

  // `prev` is e's previous sibling (the walk knows it; asking tree-sitter
  // costs O(siblings), quadratic over a list full of errors).
  void error(Node e, std::span<const Node> ancestors, Node prev) {
    const std::vector<Node> kids = childrenOf(e);
    if (kids.empty()) {
      // An empty ERROR marks input tree-sitter skipped as a whole.
      return add(e.range(),
                 e.start() >= src_.size() ? "unexpected end of file" : "unexpected input");
    }
    const Symbols& s = syms();
    // An opening quote that never closes leaves a lone quote token.
    for (const Node& k : kids) {
      if (!k.isNamed() && (k.symbol() == s.t_dquote || k.symbol() == s.t_squote2))
        return add(k.range(), "unterminated string");
    }
    // "/*" with no "*/" lexes as '/' '*'.
    for (std::size_t i = 0; i + 1 < kids.size(); ++i) {
      if (!kids[i].isNamed() && std::strcmp(kids[i].type(), "/") == 0 &&
          std::strcmp(kids[i + 1].type(), "*") == 0 && kids[i].end() == kids[i + 1].start())
        return add({kids[i].start(), kids[i + 1].end()}, "unterminated comment");
    }
    // An incomplete construct: an opener without its partner.
    // Which partners occur, found once (asking per keyword would be
    // quadratic in an ERROR holding many `if`s).
    bool hasElse = false, hasThen = false, hasIn = false, hasSemicolon = false;
    for (const Node& k : kids) {
      hasElse = hasElse || isKeyword(k, src_, "else");
      hasThen = hasThen || isKeyword(k, src_, "then");
      hasIn = hasIn || isKeyword(k, src_, "in");
      hasSemicolon = hasSemicolon || isKeyword(k, src_, ";");
    }
    auto has = [&](std::string_view kw) {
      if (kw == "else") return hasElse;
      if (kw == "then") return hasThen;
      if (kw == "in") return hasIn;
      return hasSemicolon;
    };
    for (const Node& k : kids) {
      // `{ if = 1; }`: a keyword where an attribute name should be.
      if (k.symbol() == syms().keyword || !k.isNamed()) {
        const std::string_view kw = k.text(src_);
        std::size_t a = k.end();
        while (a < src_.size() && (src_[a] == ' ' || src_[a] == '\t')) ++a;
        if (a < src_.size() && (src_[a] == '=' || src_[a] == '.') &&
            (a + 1 >= src_.size() || src_[a + 1] != '=') &&
            (kw == "if" || kw == "then" || kw == "else" || kw == "let" || kw == "in" ||
             kw == "rec" || kw == "with" || kw == "assert" || kw == "inherit")) {
          return add(k.range(), "'" + std::string(kw) +
                                    "' is a keyword; write it as a string to use it as an "
                                    "attribute name: \"" +
                                    std::string(kw) + "\"");
        }
      }
      if (isKeyword(k, src_, "if") && !has("else")) {
        return add(k.range(),
                   has("then") ? "'if' without 'else' branch" : "'if' without 'then' and 'else'");
      }
      if (isKeyword(k, src_, "let") && !has("in") && !isKeyword(kids.back(), src_, "}")) {
        // `let {` is the old let-attrset form; tree-sitter parses it itself.
        return add(k.range(), "'let' without 'in'");
      }
      if ((isKeyword(k, src_, "with") || isKeyword(k, src_, "assert")) && !has(";")) {
        return add(k.range(), "expected ';' after '" + std::string(k.text(src_)) + "' expression");
      }
    }
    // A single unexpected token: the common slips get a hint.
    const Node first = kids.front();
    if (kids.size() == 1 && first.childCount() == 0) {
      const std::string tok = tokenText(first, src_);
      if (tok == "=" && prev.is(s.apply_expression)) {
        // `a = 1 ↵ b = 2;` parses as `a = (1 b) = 2`: the ';' after `1` is
        // missing. Point at the end of the application's function part.
        const Node fn = prev.field(fields().function);
        const ByteOffset at = fn ? fn.end() : prev.end();
        return add({at, at}, "expected ';' after binding");
      }
      if (tok == "in" && prev && insideLet(ancestors)) {
        return add({prev.end(), prev.end()}, "expected ';' after binding");
      }
      if (tok == "*" && first.start() > 0 && src_[first.start() - 1] == '/') {
        // `1 /* abc` lexes as a division by `*`: a comment never closed.
        return add({first.start() - 1, first.end()}, "unterminated comment");
      }
      if (tok == ".")
        return add({first.end(), first.end()}, "expected an attribute name after '.'");
      if (tok == "?" && !ancestors.empty() && ancestors.back().is(s.formals)) {
        return add({first.end(), first.end()}, "expected a default value after '?'");
      }
      return add(first.range(), "unexpected '" + tok + "'");
    }
    // `a = "x" ↵ b = 2;` can also parse as binding `a` with an ERROR
    // holding `= ("x" b)` before the real `=`: the ';' after "x" is missing.
    if (!first.isNamed() && first.symbol() == s.t_eq && kids.back().is(s.apply_expression) &&
        !ancestors.empty() && ancestors.back().is(s.binding)) {
      const Node fn = kids.back().field(fields().function);
      if (fn) return add({fn.end(), fn.end()}, "expected ';' after binding");
    }
    // An opening bracket whose closer never came: `inherit (x;`. (Closed
    // means a closer of its kind comes later; the last one of each kind is
    // found first, so that this stays linear.)
    std::size_t lastParen = 0, lastBracket = 0;  // index + 1; 0: none
    for (std::size_t j = 0; j < kids.size(); ++j) {
      if (kids[j].isNamed()) continue;
      if (std::strcmp(kids[j].type(), ")") == 0) lastParen = j + 1;
      if (std::strcmp(kids[j].type(), "]") == 0) lastBracket = j + 1;
    }
    for (std::size_t i = 0; i < kids.size(); ++i) {
      const char* want = !kids[i].isNamed() ? openerCloser(kids[i].type()) : nullptr;
      if (!want) continue;
      const bool closed = (want[0] == ')' ? lastParen : lastBracket) > i + 1;
      if (!closed && i + 1 < kids.size()) {
        const ByteOffset at = kids[i + 1].end();
        return add({at, at}, std::string("expected '") + want + "' to close '" + kids[i].type() +
                                 "' on line " + lineOf(st_, kids[i].start()));
      }
    }
    // `b = }`: a binding that lost its value.
    if (!kids.back().isNamed() && kids.back().symbol() == s.t_eq) {
      return add({kids.back().end(), kids.back().end()}, "expected an expression after '='");
    }
    // Otherwise: the first token of the error, which is where tree-sitter
    // could not go on.
    Node tok = first;
    while (tok.childCount() > 0) tok = tok.child(0);
    add(tok.range(), "unexpected '" + tokenText(tok, src_) + "'");
  }

 private:
  // Whether an enclosing let (parsed, or an ERROR that starts with `let`)
  // is waiting for its `in`.
  bool insideLet(std::span<const Node> ancestors) const {
    for (const Node& a : ancestors) {
      if (a.is(syms().let_expression)) return true;
      if (a.isError() && a.childCount() > 0 && isKeyword(a.child(0), src_, "let")) return true;
    }
    return false;
  }

  // previousLeaf, remembered by offset: the MISSING closers of 100,000
  // unclosed brackets all sit at one offset, and each lookup descends
  // from the root.
  Node leafBefore(ByteOffset offset) {
    auto it = leafBefore_.find(offset);
    if (it == leafBefore_.end()) it = leafBefore_.emplace(offset, previousLeaf(st_.root(), offset)).first;
    return it->second;
  }

  void add(ByteRange r, std::string msg) {
    out_.push_back({r, Severity::Error, kSyntaxError, std::move(msg), {}});
  }

  const SyntaxTree& st_;
  std::unordered_map<ByteOffset, Node> leafBefore_;
  std::string_view src_;
  std::vector<Diagnostic>& out_;
};

// Checks Nix makes while parsing that tree-sitter-nix does not: integer
// literals past 64 bits and paths with a trailing slash. Both are rare, so
// a byte scan finds candidates and the tree confirms them (a walk over
// every node would cost more than the parse on generated files).
void lexicalChecks(const SyntaxTree& st, const std::vector<ByteRange>& runs,
                   std::vector<Diagnostic>& out) {
  const Symbols& s = syms();
  const std::string_view src = st.text();
  const Node root = st.root();
  auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
  auto isPathChar = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '+';
  };
  for (const ByteRange& run : runs) {
    for (std::size_t i = run.start; i < run.end; ++i) {
      const char c = src[i];
      if (isDigit(c)) {
        // A run of digits; the tree says whether it is an integer literal
        // (`-9223372036854775809`) or part of a name (`pkg-1234567890123456789`).
        std::size_t j = i;
        while (j < src.size() && isDigit(src[j])) ++j;
        // 2^63 has 19 digits; shorter literals always fit.
        if (j - i >= 19) {
          const Node n = root.descendant(static_cast<ByteOffset>(i), static_cast<ByteOffset>(j));
          if (n.is(s.integer_expression) && n.start() == i && n.end() == j) {
            const std::string_view t = n.text(src);
            std::int64_t v = 0;
            const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
            if (ec == std::errc::result_out_of_range) {
              out.push_back({n.range(),
                             Severity::Error,
                             kSyntaxError,
                             "invalid integer '" + std::string(t) + "': too large for 64 bits",
                             {}});
            }
          }
        }
        i = j - 1;
        continue;
      }
      if (c == '/' && i > 0 && isPathChar(src[i - 1]) &&
          (i + 1 == src.size() ||
           !(isPathChar(src[i + 1]) || src[i + 1] == '/' || src[i + 1] == '$'))) {
        // The path token ending here, if any.
        Node n = root.descendant(static_cast<ByteOffset>(i), static_cast<ByteOffset>(i + 1));
        while (n && !n.is(s.path_expression) && !n.is(s.hpath_expression) && n.end() == i + 1 &&
               !n.is(s.source_code))
          n = n.parent();
        if ((n.is(s.path_expression) || n.is(s.hpath_expression)) && n.end() == i + 1) {
          out.push_back(
              {n.range(), Severity::Error, kSyntaxError, "path has a trailing slash", {}});
        }
      }
    }
  }
}

bool isWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '\'' || c == '-';
}

std::size_t skipSpaceBack(std::string_view src, std::size_t i) {
  while (i > 0 &&
         (src[i - 1] == ' ' || src[i - 1] == '\t' || src[i - 1] == '\n' || src[i - 1] == '\r'))
    --i;
  return i;
}

std::size_t skipSpace(std::string_view src, std::size_t i) {
  while (i < src.size() && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r'))
    ++i;
  return i;
}

// What Nix's parser rejects and tree-sitter-nix accepts (found by the
// agreement test against nix-instantiate --parse). Candidates come from a
// byte scan; the tree confirms them.
void nixCompatChecks(const SyntaxTree& st, const std::vector<ByteRange>& runs,
                     std::vector<Diagnostic>& out) {
  const Symbols& s = syms();
  const std::string_view src = st.text();
  const Node root = st.root();
  auto add = [&](ByteRange r, std::string msg) {
    out.push_back({r, Severity::Error, kSyntaxError, std::move(msg), {}});
  };
  if (src.starts_with("\xEF\xBB\xBF")) {
    add({0, 3}, "the file starts with a byte order mark (U+FEFF), which Nix does not accept");
  }
  // A file must hold an expression.
  bool hasExpression = false;
  forEachChild(root, [&](Node c, TSFieldId) {
    hasExpression = hasExpression || (c.isNamed() && !c.is(s.comment));
    return !hasExpression;
  });
  if (!hasExpression) {
    const auto end = static_cast<ByteOffset>(src.size());
    add({end, end}, "expected an expression: the file is empty");
  }
  static constexpr std::string_view kKeywords[] = {"if",  "then", "else",   "let",    "in",
                                                   "rec", "with", "assert", "inherit"};
  const auto size = src.size();
  // The scan reports in text order; so does the walk for comparisons,
  // merged in at the end.
  const std::size_t firstOut = out.size();
  std::vector<ByteOffset> comparisons;
  for (const ByteRange& run : runs) {
    for (std::size_t i = run.start; i < run.end; ++i) {
      const char c = src[i];
      if ((c >= 'a' && c <= 'z') && (i == 0 || !isWordChar(src[i - 1]))) {
        std::size_t j = i;
        while (j < size && isWordChar(src[j])) ++j;
        const std::string_view word = src.substr(i, j - i);
        const bool keyword =
            std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords);
        if (keyword || word == "or") {
          // Only where an attribute name could stand: after '.' or '?', or
          // before '=', '.' or ';'.
          const std::size_t b = skipSpaceBack(src, i);
          const std::size_t a = skipSpace(src, j);
          const bool afterDot = b > 0 && (src[b - 1] == '.' || src[b - 1] == '?');
          const bool beforeEq =
              a < size && ((src[a] == '=' && (a + 1 >= size || src[a + 1] != '=')) ||
                           src[a] == '.' || src[a] == ';');
          if (keyword && (afterDot || beforeEq)) {
            const Node n = root.descendant(static_cast<ByteOffset>(i), static_cast<ByteOffset>(j));
            if (n.is(s.identifier) && n.start() == i && n.end() == j) {
              add(n.range(),
                  "'" + std::string(word) +
                      "' is a keyword; write it as a string to use it as an attribute name: \"" +
                      std::string(word) + "\"");
            }
          } else if (word == "or") {
            // `or` is a variable only as the argument of an application
            // (`f or`, kept for compatibility); elsewhere Nix reads the keyword.
            const Node n = root.descendant(static_cast<ByteOffset>(i), static_cast<ByteOffset>(j));
            if (n.is(s.identifier) && n.start() == i && n.end() == j) {
              const Node var = n.parent();
              if (var.is(s.variable_expression)) {
                const Node up = var.parent();
                const bool argument =
                    up.is(s.apply_expression) && up.field(fields().argument) == var;
                if (!argument)
                  add(n.range(), "'or' is a keyword and cannot be used as a variable here");
              }
            }
          }
        }
        i = j - 1;
        continue;
      }
      // Comparisons do not chain in Nix: `a < b < c` and `a == b != c` are
      // errors there, left-associative in the grammar. Their offsets are
      // collected here and checked in one walk of the tree below (finding
      // each operator's node from the root was quadratic in a chain of
      // 100,000 operators).
      if (c == '<' || c == '>' || ((c == '=' || c == '!') && i + 1 < size && src[i + 1] == '=')) {
        const std::size_t len = (i + 1 < size && src[i + 1] == '=') ? 2 : 1;
        if (c == '>' && i > 0 && src[i - 1] == '-') continue;  // `->`
        comparisons.push_back(static_cast<ByteOffset>(i));
        i += len - 1;
        continue;
      }
      // `./a//b`: an empty path segment. (A bare `a//b` is an update in Nix;
      // the grammar reads a path there, a known difference of tree shape.)
      if (c == '/' && i + 1 < size && src[i + 1] == '/' && i > 0 && src[i - 1] != ':' &&
          src[i - 1] != '/' && src[i - 1] != ' ') {
        const Node n = root.descendant(static_cast<ByteOffset>(i), static_cast<ByteOffset>(i + 2));
        if (n.is(s.path_fragment)) {
          const Node path = n.parent();
          const std::string_view t = path.text(src);
          const std::size_t first = t.find('/');
          if (path.is(s.path_expression) && first != std::string_view::npos &&
              first < i - path.start()) {
            add({static_cast<ByteOffset>(i), static_cast<ByteOffset>(i + 2)},
                "a path cannot contain an empty segment ('//')");
          }
        }
        ++i;
      }
    }
  }
  // `{ a }@x:y` with no space after ':': Nix's lexer reads `x:y` as a URL
  // there (a syntax error), tree-sitter a lambda. (Found by fuzz_format:
  // formatting added the space, and changed what Nix reads.) A cheap scan
  // first; the tree only when it finds the shape.
  auto uriChar = [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || std::strchr("%/?:@&=+$,-_.!~*'", ch) != nullptr;
  };
  bool atUri = false;
  for (std::size_t at = src.find('@'); at != std::string_view::npos && !atUri; at = src.find('@', at + 1)) {
    std::size_t k = at + 1;
    while (k < size && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r')) ++k;
    std::size_t e = k;
    while (e < size && (std::isalnum(static_cast<unsigned char>(src[e])) || src[e] == '+' || src[e] == '-' || src[e] == '.'))
      ++e;
    atUri = e > k && e + 1 < size && src[e] == ':' && uriChar(src[e + 1]);
  }
  if (atUri) {
    walk(root, [&](Node fn) {
      if (!fn.is(s.function_expression)) return true;
      const Node u = fn.field(fields().universal);
      if (!u) return true;
      const std::size_t e = u.end();
      if (e + 1 < size && src[e] == ':' && uriChar(src[e + 1])) {
        std::size_t end = e + 1;
        while (end < size && uriChar(src[end])) ++end;
        add({u.start(), static_cast<ByteOffset>(end)},
            "Nix reads '" + std::string(src.substr(u.start(), std::min<std::size_t>(end - u.start(), 40))) +
                "' as a URL here; put a space after ':'");
      }
      return true;
    });
  }
  if (comparisons.empty()) {
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(firstOut), out.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.range.start < b.range.start; });
    return;
  }
  std::sort(comparisons.begin(), comparisons.end());
  auto cls = [&](Node b) {
    const Node o = b.field(fields().operator_);
    if (!o) return 0;
    const std::string_view t = o.text(src);
    if (t == "==" || t == "!=") return 1;
    if (t == "<" || t == ">" || t == "<=" || t == ">=") return 2;
    return 0;
  };
  walk(root, [&](Node bin) {
    if (!bin.is(s.binary_expression)) return true;
    const int mine = cls(bin);
    if (mine == 0) return true;
    const Node op = bin.field(fields().operator_);
    if (!std::binary_search(comparisons.begin(), comparisons.end(), op.start())) return true;
    const Node left = bin.field(fields().left);
    if (left.is(s.binary_expression) && cls(left) == mine) {
      add(op.range(), "comparison operators do not chain in Nix; add parentheses");
    }
    return true;
  });
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(firstOut), out.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.range.start < b.range.start; });
}

}  // namespace

std::vector<Diagnostic> syntaxDiagnostics(const SyntaxTree& st) {
  std::vector<Diagnostic> out;
  const Node root = st.root();
  if (root.hasError()) {
    Reporter rep(st, out);
    // The node visited last at each depth: when a node is visited, the
    // entry at its depth is its previous sibling (entering a node clears
    // the levels below it).
    std::vector<Node> last;
    walkWithAncestors(root, [&](Node n, std::span<const Node> ancestors) {
      const std::size_t depth = ancestors.size();
      const Node prev = depth < last.size() ? last[depth] : Node();
      last.resize(depth + 1);
      last[depth] = n;
      if (n.isMissing()) {
        rep.missing(n, ancestors);
        return false;
      }
      if (n.isError()) {
        // Report the innermost errors: an ERROR wrapping others is usually
        // the same problem seen from further away.
        // A lone quote is an unterminated string, whatever else broke
        // after it.
        if (childHasError(n) && !hasLoneQuote(n)) return true;
        rep.error(n, ancestors, prev);
        return false;
      }
      return n.hasError();
    });
  }
  // The byte scans look at code only: strings and comments (hashes with
  // "==", URLs with "//") cannot hold what they look for.
  std::vector<ByteRange> runs;
  (void)scanNixText(st.text(), &runs);
  lexicalChecks(st, runs, out);
  nixCompatChecks(st, runs, out);
  if (st.readStop() != std::string::npos) {
    const auto at = static_cast<ByteOffset>(st.readStop());
    if (st.readStopWhy() == NestingScan::Why::Nesting) {
      out.push_back({{at, at + 1},
                     Severity::Error,
                     kSyntaxError,
                     "nested too deeply: Nix's parser gives up here (memory exhausted: more than " +
                         std::to_string(kMaxNesting) + " entries on its stack), and nothing after this is read",
                     {}});
    } else {
      out.push_back({{at, at + 1},
                     Severity::Error,
                     kParseLimit,
                     "more than " + std::to_string(kMaxRunTokens) +
                         " tokens with no space between them (`a.b.c.…`): flakewise's parser stops reading "
                         "here (it would take quadratic time); Nix reads on",
                     {}});
    }
  }
  if (const std::size_t nul = st.text().find('\0'); nul != std::string::npos) {
    out.push_back({{static_cast<ByteOffset>(nul), static_cast<ByteOffset>(st.text().size())},
                   Severity::Warning,
                   kNulByte,
                   "Nix ignores everything from this NUL byte on",
                   {}});
  }
  if (const std::size_t bad = findInvalidUtf8(st.text()); bad != std::string_view::npos) {
    out.push_back({{static_cast<ByteOffset>(bad), static_cast<ByteOffset>(bad + 1)},
                   Severity::Warning,
                   kInvalidUtf8,
                   "the file is not valid UTF-8",
                   {}});
  }
  return out;
}

}  // namespace fw
