#pragma once
// What position requests (selection ranges today; hover and completion
// later) read: the text of the newest document version and the chain of
// syntax nodes around an offset.
//
// Most of the time a view wraps a complete SyntaxTree ("exact"). Right
// after an edit in a long repetition (a package set of 20,000 bindings),
// tree-sitter's incremental reparse costs O(siblings): tens of
// milliseconds per keystroke on a 1 MB file, because the hidden nodes of a
// repetition are never reused. So the server does that full reparse in the
// background and meanwhile answers from a "provisional" view: the previous
// tree with the edits applied (ts_tree_edit: positions shift, nothing is
// reparsed), plus a fresh parse of just the member of the long repetition
// that encloses the edit (tree-sitter's included ranges keep its offsets
// absolute). Inside that member the nodes are exact when the member parses
// without errors; outside it they are the previous tree's, shifted.

#include <memory>
#include <vector>

#include "parser/syntax_tree.h"

namespace fw {

class DocumentView;
using DocumentViewPtr = std::shared_ptr<const DocumentView>;

// Repetitions with at least this many members get a provisional view.
inline constexpr std::uint32_t kLongRepetition = 256;

class DocumentView {
 public:
  [[nodiscard]] static DocumentViewPtr exact(SyntaxTreePtr tree);

  // The view after `edits` (byte edits of this view's text, in order). It
  // always has the new text and line index; it has a reparsed region only
  // when the edit lies in a long repetition (hasRegion()). Without one,
  // pathAt() is not meaningful: callers wait for the full reparse.
  [[nodiscard]] DocumentViewPtr provisional(std::span<const ByteEdit> edits) const;

  [[nodiscard]] const std::string& text() const { return full_ ? full_->text() : text_; }
  [[nodiscard]] const LineIndex& lines() const { return full_ ? full_->lines() : lines_; }
  [[nodiscard]] bool isExact() const { return full_ != nullptr; }
  // The complete tree, for exact views.
  [[nodiscard]] const SyntaxTreePtr& full() const { return full_; }
  // For provisional views: the reparsed member and whether its parse had no
  // errors (then the nodes inside it are what a full parse gives).
  [[nodiscard]] bool hasRegion() const { return local_ != nullptr; }
  [[nodiscard]] ByteRange region() const { return region_; }
  [[nodiscard]] bool regionClean() const { return regionClean_; }

  // The nodes containing `offset`, root first. Where two tokens meet at the
  // offset (`x|;`), the word is preferred over punctuation.
  [[nodiscard]] std::vector<Node> pathAt(ByteOffset offset) const;

  DocumentView(const DocumentView&) = delete;
  DocumentView& operator=(const DocumentView&) = delete;
  struct Private {};
  DocumentView(Private, std::string text, SyntaxTreePtr full, TreePtr shadow, TreePtr local,
               ByteRange region, bool regionClean);

 private:
  [[nodiscard]] const TSTree* shadowTree() const {
    return full_ ? full_->tree() : shadow_.get();
  }

  // Provisional views own their text; exact ones share the tree's.
  const std::string text_;
  const LineIndex lines_;
  const SyntaxTreePtr full_;  // exact views
  // Provisional views: the previous tree with the edits applied, and the
  // reparsed region. Set once in provisional(), before the view is shared.
  const TreePtr shadow_;
  TreePtr local_;
  const ByteRange region_;
  bool regionClean_ = false;
};

// Descends from `root` to the deepest node containing `offset`, appending
// the nodes to `path` (the word-over-punctuation rule of pathAt).
void descendTo(Node root, ByteOffset offset, std::vector<Node>& path);

}  // namespace fw
