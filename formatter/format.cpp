#include "formatter/format.h"

#include <algorithm>

#include "formatter/builder.h"
#include "parser/syntax_diagnostics.h"

namespace fw {

namespace {

using fmt::Builder;
using fmt::Doc;
using fmt::DocId;

std::string_view newlineOf(std::string_view text) {
  const std::size_t nl = text.find('\n');
  return nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r' ? "\r\n" : "\n";
}

FormatOptions sane(FormatOptions o) {
  o.indentWidth = std::clamp<std::uint32_t>(o.indentWidth, 1, 16);
  o.lineWidth = std::clamp<std::uint32_t>(o.lineWidth, 20, 1000);
  return o;
}

const Diagnostic* firstError(const std::vector<Diagnostic>& diags, ByteRange within) {
  for (const Diagnostic& d : diags) {
    if (d.severity != Severity::Error) continue;
    if (d.range.end < within.start || d.range.start > within.end) continue;
    return &d;
  }
  return nullptr;
}

std::string tooDeepMessage() {
  return "not formatted: the code nests more than " + std::to_string(kMaxFormatDepth) +
         " levels deep";
}

}  // namespace

FormatResult formatDocument(const SyntaxTree& tree, const FormatOptions& options,
                            std::stop_token stop) {
  FormatResult r;
  const std::string_view text = tree.text();
  if (!tree.parsed()) {
    r.error = "not formatted: the file is too large to be parsed";
    return r;
  }
  if (text.find('\0') != std::string_view::npos) {
    r.error = "not formatted: the file contains a NUL byte (Nix ignores everything after it)";
    return r;
  }
  const std::vector<Diagnostic> diags = syntaxDiagnostics(tree);
  if (const Diagnostic* d = firstError(diags, {0, static_cast<ByteOffset>(text.size())})) {
    const Position p = tree.lines().position(d->range.start, PositionEncoding::Utf8);
    r.error = "not formatted: the file has syntax errors (line " + std::to_string(p.line + 1) +
              ": " + d->message + ")";
    return r;
  }
  if (stop.stop_requested()) {
    r.error = "cancelled";
    return r;
  }
  const FormatOptions o = sane(options);
  Doc doc;
  DocId root;
  try {
    Builder b(tree, doc, fmt::collectComments(tree));
    root = b.file();
  } catch (const fmt::TooDeep&) {
    r.error = tooDeepMessage();
    return r;
  }
  if (stop.stop_requested()) {
    r.error = "cancelled";
    return r;
  }
  fmt::RenderOptions ro;
  ro.indentWidth = o.indentWidth;
  ro.lineWidth = o.lineWidth;
  ro.newline = newlineOf(text);
  r.text = fmt::render(doc, root, ro);
  // A safety net: never hand back a text that parses worse than the input
  // (fuzz_format found `letin { inherit (x); }` formatted into a text
  // tree-sitter rejects).
  const SyntaxTreePtr again = SyntaxTree::parse(r.text);
  if ((!tree.root().hasError() && again->root().hasError()) ||
      firstError(syntaxDiagnostics(*again), {0, static_cast<ByteOffset>(r.text.size())})) {
    r.text.clear();
    r.error = "not formatted: the formatted text would not parse (a formatter bug; the file is left as it is)";
  }
  return r;
}

namespace {

bool isUnit(Node n) {
  const Symbols& S = syms();
  const Node p = n.parent();
  if (!p || !n.isNamed() || n.isError()) return false;
  if (p.is(S.binding_set)) return true;
  if (p.is(S.list_expression)) return true;
  if (p.is(S.source_code)) return true;
  return false;
}

// The units to format for a range: whole bindings, list elements or the
// root expression.
std::vector<Node> unitsFor(const SyntaxTree& tree, ByteRange range) {
  const Symbols& S = syms();
  const Node root = tree.root();
  const ByteOffset end = std::max(range.end, range.start);
  Node n = root.namedDescendant(range.start, end);
  std::vector<Node> out;
  for (Node x = n; x; x = x.parent()) {
    if (x.is(S.binding_set) || x.is(S.list_expression)) {
      // The range spans several items: each one it touches.
      std::vector<Node> hit;
      for (Node c : fmt::childrenOf(x)) {
        if (!c.isNamed()) continue;
        if (c.end() > range.start && c.start() < end) hit.push_back(c);
        else if (range.start == end && c.start() <= range.start && range.start <= c.end()) hit.push_back(c);
      }
      if (hit.size() > 1 || (hit.size() == 1 && x.is(S.binding_set))) return hit;
    }
    if (isUnit(x)) {
      out.push_back(x);
      return out;
    }
  }
  return out;
}

}  // namespace

RangeFormatResult formatRange(const SyntaxTree& tree, ByteRange range, const FormatOptions& options) {
  RangeFormatResult r;
  const std::string_view text = tree.text();
  if (!tree.parsed()) {
    r.error = "not formatted: the file is too large to be parsed";
    return r;
  }
  if (text.find('\0') != std::string_view::npos) {
    r.error = "not formatted: the file contains a NUL byte";
    return r;
  }
  range.start = std::min<ByteOffset>(range.start, static_cast<ByteOffset>(text.size()));
  range.end = std::clamp<ByteOffset>(range.end, range.start, static_cast<ByteOffset>(text.size()));
  const FormatOptions o = sane(options);
  const std::vector<Diagnostic> diags = syntaxDiagnostics(tree);
  const std::vector<Node> units = unitsFor(tree, range);
  if (units.empty()) {
    r.error = "nothing to format here";
    return r;
  }
  std::vector<fmt::CommentInfo> comments = fmt::collectComments(tree);
  for (Node u : units) {
    if (u.hasError() || firstError(diags, u.range())) {
      if (!r.error) r.error = "not formatted: the code there has syntax errors";
      continue;
    }
    Doc doc;
    DocId d;
    try {
      Builder b(tree, doc, comments);
      d = b.unit(u);
    } catch (const fmt::TooDeep&) {
      if (!r.error) r.error = tooDeepMessage();
      continue;
    }
    // The unit keeps its place: its first line continues where it starts,
    // the lines after it are indented from its line's indentation.
    const std::uint32_t line = tree.lines().lineOf(u.start());
    const ByteOffset ls = tree.lines().lineStart(line);
    ByteOffset ie = ls;
    while (ie < u.start() && (text[ie] == ' ' || text[ie] == '\t')) ++ie;
    fmt::RenderOptions ro;
    ro.indentWidth = o.indentWidth;
    ro.lineWidth = o.lineWidth;
    ro.newline = newlineOf(text);
    ro.baseIndent = text.substr(ls, ie - ls);
    ro.startColumn = fmt::displayWidth(text.substr(ls, u.start() - ls));
    ro.finalNewline = false;
    const std::string out = fmt::render(doc, d, ro);
    for (TextEdit e : diffEdits(u.text(text), out)) {
      e.range.start += u.start();
      e.range.end += u.start();
      r.edits.push_back(std::move(e));
    }
  }
  if (!r.edits.empty()) r.error.reset();
  return r;
}

RangeFormatResult formatOnType(const SyntaxTree& tree, ByteOffset offset, char ch,
                               const FormatOptions& options) {
  RangeFormatResult r;
  const std::string_view text = tree.text();
  if (offset == 0 || offset > text.size() || text[offset - 1] != ch || (ch != ';' && ch != '}'))
    return r;
  // Only a real `;` or `}` token: not one typed inside a string or comment.
  const Node token = tree.root().descendant(offset - 1, offset);
  if (!token || token.isNamed() || token.start() != offset - 1 ||
      !(token.is(syms().t_semicolon) || token.is(syms().t_rbrace)))
    return r;
  r = formatRange(tree, {offset - 1, offset}, options);
  r.error.reset();  // typing should never raise errors
  return r;
}

}  // namespace fw
