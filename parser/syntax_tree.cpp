#include "parser/syntax_tree.h"

#include <algorithm>
#include <iterator>

#include "parser/nesting.h"
#include "parser/normalize.h"

namespace fw {

namespace {

// TSParser is not thread-safe; each thread keeps one.
TSParser* threadParser() {
  thread_local ParserPtr parser = [] {
    ParserPtr p(ts_parser_new());
    ts_parser_set_language(p.get(), nixLanguage());
    return p;
  }();
  return parser.get();
}

TSPoint toTs(TsPoint p) { return {p.row, p.column}; }

// Computes tree-sitter's point for `offset` in `text` by counting '\n' from
// a known point: used for the new end of an edit, which lies in text that no
// LineIndex describes yet.
TsPoint advancePoint(TsPoint from, std::string_view text) {
  for (char c : text) {
    if (c == '\n') {
      ++from.row;
      from.column = 0;
    } else {
      ++from.column;
    }
  }
  return from;
}

}  // namespace

TSTree* parseWithThreadParser(std::string_view text, TSTree* oldTree) {
  return ts_parser_parse_string(threadParser(), oldTree, text.data(),
                                static_cast<uint32_t>(text.size()));
}

SyntaxTree::SyntaxTree(Private, std::string text, std::vector<ByteOffset> commas, TreePtr tree,
                       bool parsed)
    : text_(std::move(text)),
      lines_(text_),
      normalised_(std::move(commas)),
      tree_(std::move(tree)),
      parsed_(parsed) {}

SyntaxTreePtr SyntaxTree::parse(std::string text) {
  return build(std::move(text), nullptr, {});
}

SyntaxTreePtr SyntaxTree::unparsed(std::string text) {
  TreePtr empty(parseWithThreadParser("", nullptr));
  return std::make_shared<const SyntaxTree>(Private{}, std::move(text), std::vector<ByteOffset>{},
                                            std::move(empty), false);
}

SyntaxTreePtr SyntaxTree::build(std::string text, TSTree* oldTree,
                                const std::vector<ByteOffset>& oldNormalised) {
  std::vector<ByteOffset> norm = findNormalisations(text);
  // Nix stops reading at a NUL byte, and gives up where the nesting gets
  // deeper than its stack; tree-sitter sees the rest as spaces, and does
  // not see comments past a very long run of them (parser/nesting.h).
  const NestingScan limits = scanNesting(text);
  const std::size_t nul = std::min(text.find('\0'), limits.stop);
  // Irregular texts (a lone "\r", which becomes a row break for
  // tree-sitter, a NUL or a cut) shift rows and tokens in ways TSInputEdit
  // cannot describe cheaply. They are rare, and parsed afresh.
  const bool irregular = nul != std::string::npos || !limits.hiddenComments.empty() ||
                         std::any_of(norm.begin(), norm.end(), [&](ByteOffset o) { return text[o] == '\r'; });
  if (irregular) oldTree = nullptr;
  if (oldTree != nullptr) {
    // A comma that is normalised now but was not (or the reverse) changed
    // the text tree-sitter saw: tell it, as a one-byte edit.
    std::vector<ByteOffset> flipped;
    std::set_symmetric_difference(oldNormalised.begin(), oldNormalised.end(), norm.begin(),
                                  norm.end(), std::back_inserter(flipped));
    if (!flipped.empty()) {
      const LineIndex idx(text);
      for (ByteOffset o : flipped) {
        const TSPoint s = toTs(idx.tsPoint(o));
        const TSPoint e{s.row, s.column + 1};
        const TSInputEdit ed{o, o + 1, o + 1, s, e, e};
        ts_tree_edit(oldTree, &ed);
      }
    }
  }
  TSTree* tree;
  if (norm.empty() && nul == std::string::npos && limits.hiddenComments.empty()) {
    tree = parseWithThreadParser(text, oldTree);
  } else {
    std::string seen = applyNormalisation(text, norm);
    if (nul != std::string::npos) std::fill(seen.begin() + static_cast<std::ptrdiff_t>(nul), seen.end(), ' ');
    for (const ByteRange& r : limits.hiddenComments) {
      for (ByteOffset o = r.start; o < r.end; ++o) {
        if (seen[o] != '\n') seen[o] = ' ';
      }
    }
    tree = parseWithThreadParser(seen, oldTree);
  }
  auto out = std::make_shared<SyntaxTree>(Private{}, std::move(text), std::move(norm), TreePtr(tree));
  out->irregular_ = irregular;
  out->readStop_ = limits.stop;
  out->readStopWhy_ = limits.why;
  return out;
}

std::vector<ByteEdit> toByteEdits(std::string_view text, const LineIndex& lines,
                                  std::span<const TextChange> changes, PositionEncoding enc) {
  std::vector<ByteEdit> edits;
  edits.reserve(changes.size());
  // The common case (one change) needs only the given index; later changes
  // are resolved on the evolving text.
  std::string work;
  std::optional<LineIndex> local;
  const LineIndex* idx = &lines;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const TextChange& ch = changes[i];
    const std::string_view cur = i == 0 ? text : std::string_view(work);
    ByteOffset s = 0, e = static_cast<ByteOffset>(cur.size());
    if (ch.range) {
      const ByteOffset a = idx->offset(ch.range->start, enc);
      const ByteOffset b = idx->offset(ch.range->end, enc);
      s = std::min(a, b);
      e = std::max(a, b);
    }
    edits.push_back({s, e, ch.text});
    if (i + 1 < changes.size()) {
      if (i == 0) work.assign(text);
      work.replace(s, e - s, ch.text);
      local.emplace(work);
      idx = &*local;
    }
  }
  return edits;
}

namespace {

// Tree-sitter's error recovery is not the same when it resumes from an old
// tree: an incremental reparse can read the inside of an ERROR node
// differently from a fresh parse, near the edit (`let;r.z==` with a space
// typed after `let`: `==` became `=` `=`) or far from it (`key:` edited
// above a set with `a.${key} else` in it: `else` became a keyword). Found
// by fuzz_incremental. So nothing in an ERROR node is reused: every ERROR
// node is marked as edited, with no change of length. The walk only enters
// nodes that hold an error, so a clean file pays nothing. An ERROR node
// larger than kMaxErrorReparse is left to tree-sitter's reuse: reading it
// again would cost as much as a fresh parse of that much text on every
// keystroke (a half-typed binding in a 1 MB module can make most of the
// file one ERROR node: 150 ms an edit).
constexpr std::uint32_t kMaxErrorReparse = 64 * 1024;

void invalidateErrors(TSTree* tree) {
  const TSNode root = ts_tree_root_node(tree);
  if (!ts_node_has_error(root)) return;
  std::vector<TSInputEdit> marks;
  // A cursor: stepping to a sibling is O(1) (ts_node_child(n, k) is O(k)).
  TSTreeCursor cur = ts_tree_cursor_new(root);
  for (;;) {
    const TSNode n = ts_tree_cursor_current_node(&cur);
    bool descend = false;
    if (ts_node_has_error(n)) {
      if (ts_node_symbol(n) == static_cast<TSSymbol>(-1)) {  // ERROR
        if (ts_node_end_byte(n) - ts_node_start_byte(n) <= kMaxErrorReparse)
          marks.push_back({ts_node_start_byte(n), ts_node_end_byte(n), ts_node_end_byte(n), ts_node_start_point(n),
                           ts_node_end_point(n), ts_node_end_point(n)});
      } else {
        descend = true;
      }
    }
    if (descend && ts_tree_cursor_goto_first_child(&cur)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cur)) {
      if (!ts_tree_cursor_goto_parent(&cur)) {
        ts_tree_cursor_delete(&cur);
        // No length changes: the ranges found stay right while marking.
        for (const TSInputEdit& m : marks) ts_tree_edit(tree, &m);
        return;
      }
    }
  }
}

}  // namespace

void applyByteEdits(std::string& text, const LineIndex& lines, std::span<const ByteEdit> edits,
                    TSTree* tree, std::vector<ByteOffset>* commas) {
  for (std::size_t k = 0; k < edits.size(); ++k) {
    const ByteEdit& ed = edits[k];
    const ByteOffset s = std::min<ByteOffset>(ed.start, static_cast<ByteOffset>(text.size()));
    const ByteOffset e = std::clamp<ByteOffset>(ed.oldEnd, s, static_cast<ByteOffset>(text.size()));
    TsPoint sp, ep;
    if (k == 0) {
      sp = lines.tsPoint(s);
      ep = lines.tsPoint(e);
    } else if (tree != nullptr) {
      // Later edits work on text no index describes: count rows directly.
      const std::size_t nl = s == 0 ? std::string::npos : text.rfind('\n', s - 1);
      const std::size_t rowStart = nl == std::string::npos ? 0 : nl + 1;
      const auto row = static_cast<std::uint32_t>(
          std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(rowStart), '\n'));
      sp = {row, static_cast<std::uint32_t>(s - rowStart)};
      ep = advancePoint(sp, std::string_view(text).substr(s, e - s));
    }
    const auto newEnd = static_cast<ByteOffset>(s + ed.text.size());
    if (tree != nullptr) {
      const TsPoint np = advancePoint(sp, ed.text);
      const TSInputEdit tsEdit{s, e, newEnd, toTs(sp), toTs(ep), toTs(np)};
      ts_tree_edit(tree, &tsEdit);
    }
    text.replace(s, e - s, ed.text);
    if (commas != nullptr) {
      // Normalised commas move with the text; those in the replaced span go.
      const auto delta = static_cast<std::int64_t>(newEnd) - static_cast<std::int64_t>(e);
      std::vector<ByteOffset> moved;
      moved.reserve(commas->size());
      for (ByteOffset o : *commas) {
        if (o < s) moved.push_back(o);
        else if (o >= e) moved.push_back(static_cast<ByteOffset>(o + delta));
      }
      *commas = std::move(moved);
    }
  }
  if (tree != nullptr && !edits.empty()) invalidateErrors(tree);
}

SyntaxTreePtr SyntaxTree::edit(std::span<const TextChange> changes, PositionEncoding enc) const {
  // A full replacement restarts from scratch: only what follows the last
  // one is incremental.
  std::size_t firstIncremental = 0;
  for (std::size_t i = 0; i < changes.size(); ++i)
    if (!changes[i].range) firstIncremental = i + 1;
  if (firstIncremental > 0) {
    std::string text = changes[firstIncremental - 1].text;
    const SyntaxTreePtr base = parsed_ ? parse(std::move(text)) : unparsed(std::move(text));
    if (firstIncremental == changes.size()) return base;
    return base->edit(changes.subspan(firstIncremental), enc);
  }
  return edit(toByteEdits(text_, lines_, changes, enc));
}

SyntaxTreePtr SyntaxTree::edit(std::span<const ByteEdit> edits) const {
  std::string text = text_;
  if (!parsed_) {
    applyByteEdits(text, lines_, edits, nullptr, nullptr);
    return unparsed(std::move(text));
  }
  TreePtr tree(ts_tree_copy(tree_.get()));
  std::vector<ByteOffset> commas = normalised_;
  applyByteEdits(text, lines_, edits, tree.get(), &commas);
  return build(std::move(text), irregular_ ? nullptr : tree.get(), commas);
}

}  // namespace fw
