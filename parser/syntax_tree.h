#pragma once
// An immutable syntax snapshot of one document version: the user's exact
// text, its tree-sitter tree and its line index. Editing produces a new
// snapshot by incremental reparse; the old one stays valid for readers.
//
// Invariant: the tree is never edited after construction. tree-sitter's
// ts_tree_edit copies shared subtrees before changing them, so editing a
// copy (ts_tree_copy) leaves this tree intact for concurrent readers.

#include <tree_sitter/api.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parser/line_index.h"
#include "parser/nesting.h"
#include "parser/node.h"

namespace fw {

struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
using ParserPtr = std::unique_ptr<TSParser, ParserDeleter>;

// One change as an editor sends it: replace `range` (positions in the
// document as it is after the previous changes) by `text`, or the whole
// document when there is no range.
struct TextChange {
  struct Span {
    Position start;
    Position end;
  };
  std::optional<Span> range;
  std::string text;
};

// A change already converted to bytes.
struct ByteEdit {
  ByteOffset start = 0;
  ByteOffset oldEnd = 0;
  std::string text;
};

// Resolves editor changes (positions relative to the text after the
// previous change) into byte edits of `text`, whose index is `lines`.
[[nodiscard]] std::vector<ByteEdit> toByteEdits(std::string_view text, const LineIndex& lines,
                                                std::span<const TextChange> changes,
                                                PositionEncoding enc);

// Applies byte edits, in order, to `text`; when `tree` is given, tells it
// about each (ts_tree_edit with exact points); when `commas` is given,
// moves those offsets with the text and drops the ones edited away.
// `lines` must index `text` as it is before the first edit.
void applyByteEdits(std::string& text, const LineIndex& lines, std::span<const ByteEdit> edits,
                    TSTree* tree, std::vector<ByteOffset>* commas);

[[nodiscard]] TSTree* parseWithThreadParser(std::string_view text, TSTree* oldTree);

class SyntaxTree;
using SyntaxTreePtr = std::shared_ptr<const SyntaxTree>;

class SyntaxTree {
 public:
  // Never fails: broken text gives a tree with ERROR/MISSING nodes.
  [[nodiscard]] static SyntaxTreePtr parse(std::string text);

  // A snapshot that keeps the text (edits still apply) without parsing it:
  // for documents over the size limit. Its tree is that of an empty text.
  [[nodiscard]] static SyntaxTreePtr unparsed(std::string text);
  [[nodiscard]] bool parsed() const { return parsed_; }

  // Applies the changes in order and reparses incrementally.
  [[nodiscard]] SyntaxTreePtr edit(std::span<const TextChange> changes,
                                   PositionEncoding enc) const;
  [[nodiscard]] SyntaxTreePtr edit(std::span<const ByteEdit> edits) const;

  [[nodiscard]] const std::string& text() const { return text_; }
  [[nodiscard]] const LineIndex& lines() const { return lines_; }
  [[nodiscard]] const TSTree* tree() const { return tree_.get(); }
  [[nodiscard]] Node root() const { return Node(ts_tree_root_node(tree_.get())); }
  // Offsets normalised for tree-sitter (trailing formal commas, lone CRs).
  [[nodiscard]] const std::vector<ByteOffset>& normalised() const { return normalised_; }
  // Where the parser stopped reading (npos: it read everything), and why
  // (parser/nesting.h): past Nix's nesting limit, or past the run limit.
  [[nodiscard]] std::size_t readStop() const { return readStop_; }
  [[nodiscard]] NestingScan::Why readStopWhy() const { return readStopWhy_; }

  SyntaxTree(const SyntaxTree&) = delete;
  SyntaxTree& operator=(const SyntaxTree&) = delete;

  // Public for make_shared only; use parse() or edit().
  struct Private {};
  SyntaxTree(Private, std::string text, std::vector<ByteOffset> commas, TreePtr tree,
             bool parsed = true);

 private:
  static SyntaxTreePtr build(std::string text, TSTree* oldTree,
                             const std::vector<ByteOffset>& oldNormalised);

  const std::string text_;
  const LineIndex lines_;
  const std::vector<ByteOffset> normalised_;
  const TreePtr tree_;
  const bool parsed_ = true;
  // Has a lone CR or a NUL: edits reparse from scratch. Set by build().
  bool irregular_ = false;
  std::size_t readStop_ = std::string::npos;
  NestingScan::Why readStopWhy_ = NestingScan::Why::None;
};

}  // namespace fw
