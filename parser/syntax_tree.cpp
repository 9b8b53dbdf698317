#include "parser/syntax_tree.h"

#include <algorithm>
#include <iterator>

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

SyntaxTree::SyntaxTree(Private, std::string text, std::vector<ByteOffset> commas, TreePtr tree,
                       bool parsed)
    : text_(std::move(text)),
      lines_(text_),
      commas_(std::move(commas)),
      tree_(std::move(tree)),
      parsed_(parsed) {}

SyntaxTreePtr SyntaxTree::parse(std::string text) { return build(std::move(text), nullptr, {}); }

SyntaxTreePtr SyntaxTree::unparsed(std::string text) {
  TreePtr empty(ts_parser_parse_string(threadParser(), nullptr, "", 0));
  return std::make_shared<const SyntaxTree>(Private{}, std::move(text), std::vector<ByteOffset>{},
                                            std::move(empty), false);
}

SyntaxTreePtr SyntaxTree::build(std::string text, TSTree* oldTree,
                                const std::vector<ByteOffset>& oldCommas) {
  std::vector<ByteOffset> commas = findTrailingFormalCommas(text);
  if (oldTree != nullptr) {
    // A comma that is normalised now but was not (or the reverse) changed
    // the text tree-sitter saw: tell it, as a one-byte edit.
    std::vector<ByteOffset> flipped;
    std::set_symmetric_difference(oldCommas.begin(), oldCommas.end(), commas.begin(),
                                  commas.end(), std::back_inserter(flipped));
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
  if (commas.empty()) {
    tree = ts_parser_parse_string(threadParser(), oldTree, text.data(),
                                  static_cast<uint32_t>(text.size()));
  } else {
    const std::string normalised = applyNormalisation(text, commas);
    tree = ts_parser_parse_string(threadParser(), oldTree, normalised.data(),
                                  static_cast<uint32_t>(normalised.size()));
  }
  return std::make_shared<const SyntaxTree>(Private{}, std::move(text), std::move(commas),
                                            TreePtr(tree));
}

SyntaxTreePtr SyntaxTree::edit(std::span<const TextChange> changes, PositionEncoding enc) const {
  // Convert each change to bytes against the text as it is after the
  // previous ones. The common case (one change) needs only our own index.
  std::vector<ByteEdit> edits;
  edits.reserve(changes.size());
  if (changes.size() == 1 && parsed_) {
    const TextChange& ch = changes[0];
    if (!ch.range) return parse(ch.text);  // (parsed_ is true here)
    const ByteOffset a = lines_.offset(ch.range->start, enc);
    const ByteOffset b = lines_.offset(ch.range->end, enc);
    edits.push_back({std::min(a, b), std::max(a, b), ch.text});
    return edit(edits);
  }
  // Several changes: a full replacement restarts from scratch; ranges are
  // resolved on the evolving text.
  std::size_t firstIncremental = 0;
  for (std::size_t i = 0; i < changes.size(); ++i)
    if (!changes[i].range) firstIncremental = i + 1;
  if (firstIncremental > 0) {
    std::string text = changes[firstIncremental - 1].text;
    if (firstIncremental == changes.size())
      return parsed_ ? parse(std::move(text)) : unparsed(std::move(text));
    const SyntaxTreePtr base = parsed_ ? parse(std::move(text)) : unparsed(std::move(text));
    return base->edit(changes.subspan(firstIncremental), enc);
  }
  // Each step re-indexes the text; multi-change batches are rare (editors
  // send one change per keystroke) so the simple way is fine.
  std::string work = text_;
  for (const TextChange& ch : changes) {
    const LineIndex idx(work);
    const ByteOffset a = idx.offset(ch.range->start, enc);
    const ByteOffset b = idx.offset(ch.range->end, enc);
    const ByteOffset s = std::min(a, b), e = std::max(a, b);
    edits.push_back({s, e, ch.text});
    work.replace(s, e - s, ch.text);
  }
  return edit(edits);
}

SyntaxTreePtr SyntaxTree::edit(std::span<const ByteEdit> edits) const {
  if (!parsed_) {
    std::string text = text_;
    for (const ByteEdit& ed : edits) {
      const ByteOffset s = std::min<ByteOffset>(ed.start, static_cast<ByteOffset>(text.size()));
      const ByteOffset e = std::clamp<ByteOffset>(ed.oldEnd, s, static_cast<ByteOffset>(text.size()));
      text.replace(s, e - s, ed.text);
    }
    return unparsed(std::move(text));
  }
  std::string text = text_;
  TreePtr tree(ts_tree_copy(tree_.get()));
  std::vector<ByteOffset> commas = commas_;
  // Points for the first edit come from our index; later edits work on
  // text no index describes, so points are recomputed from their line start.
  for (std::size_t k = 0; k < edits.size(); ++k) {
    const ByteEdit& ed = edits[k];
    const ByteOffset s = std::min<ByteOffset>(ed.start, static_cast<ByteOffset>(text.size()));
    const ByteOffset e = std::clamp<ByteOffset>(ed.oldEnd, s, static_cast<ByteOffset>(text.size()));
    TsPoint sp, ep;
    if (k == 0) {
      sp = lines_.tsPoint(s);
      ep = lines_.tsPoint(e);
    } else {
      const std::size_t nl = text.rfind('\n', s == 0 ? 0 : s - 1);
      const std::size_t rowStart = (s == 0 || nl == std::string::npos) ? 0 : nl + 1;
      const auto row = static_cast<std::uint32_t>(
          std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(rowStart), '\n'));
      sp = {row, static_cast<std::uint32_t>(s - rowStart)};
      ep = advancePoint(sp, std::string_view(text).substr(s, e - s));
    }
    const TsPoint np = advancePoint(sp, ed.text);
    text.replace(s, e - s, ed.text);
    const auto newEnd = static_cast<ByteOffset>(s + ed.text.size());
    const TSInputEdit tsEdit{s, e, newEnd, toTs(sp), toTs(ep), toTs(np)};
    ts_tree_edit(tree.get(), &tsEdit);
    // Normalised commas move with the text; those in the replaced span go.
    const auto delta = static_cast<std::int64_t>(newEnd) - static_cast<std::int64_t>(e);
    std::vector<ByteOffset> moved;
    moved.reserve(commas.size());
    for (ByteOffset o : commas) {
      if (o < s) moved.push_back(o);
      else if (o >= e) moved.push_back(static_cast<ByteOffset>(o + delta));
    }
    commas = std::move(moved);
  }
  return build(std::move(text), tree.get(), commas);
}

}  // namespace fw
