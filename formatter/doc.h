#pragma once
// A document algebra in the Wadler/Oppen family: the formatter describes
// the layouts a piece of code may take, and the printer picks, left to
// right, the flattest one that fits the line width.
//
// - text: a piece without line breaks; verbatim: source text that may hold
//   line breaks (strings, block comments), emitted byte for byte.
// - line: a space when its group is flat, a line break when it is broken;
//   softline: nothing or a line break; hardline: always a break; emptyline:
//   a break that leaves one empty line; blankline: a space when flat, an
//   empty line when broken (for blank lines the source had).
// - nest: lines inside break one indentation level deeper.
// - group: flat if its content fits on the rest of the line, else broken.
//   forced: a group that is always broken.
// - alts: a conditional group (as in prettier): the first alternative flat
//   if it fits; else the first of the middle ones whose first line fits
//   when printed flat except for its forced groups (which is how it is then
//   printed); else the last one broken.
// - ifBreak: one document when the enclosing group is broken, another when
//   it is flat (the trailing comma of expanded formals).
//
// Documents live in an arena (`Doc`) and refer to each other by index, so
// one piece may appear in several alternatives without being copied, and
// nothing recurses: building, printing and freeing are all iterative.
//
// Invariant: a node is "hard" when printing it must produce a line break
// (a hardline, a line comment, multi-line verbatim text, a forced group).
// Hardness propagates to every enclosing group, which is then broken; an
// alts node is as hard as its first alternative.

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fw::fmt {

using DocId = std::uint32_t;

enum class DocKind : std::uint8_t {
  Text,
  Verbatim,  // may contain line breaks; columns after it count from its last line
  Raw,       // source lines kept as written: starts at column 0 of a new line
  Space,
  Line,
  SoftLine,
  HardLine,
  EmptyLine,
  BlankLine,
  Concat,
  Nest,
  Group,
  Alts,
  IfBreak,
};

struct DocNode {
  DocKind kind = DocKind::Concat;
  bool hard = false;
  bool forced = false;     // Group only
  std::uint32_t a = 0;     // Text/Verbatim/Raw: text index; Concat/Alts: first kid; Nest/Group: child; IfBreak: broken
  std::uint32_t b = 0;     // Concat/Alts: kid count; IfBreak: flat
  std::uint32_t width = 0; // Text: display width; Verbatim/Raw: width of the first line
  // Width when printed flat (saturating); meaningful for nodes that are
  // not hard. Lets the printer measure a flat group in O(1).
  std::uint32_t flat = 0;
};

class Doc {
 public:
  Doc();

  // Texts are referenced, not copied: they must outlive the Doc (source
  // text and string literals do). own() copies a text that would not.
  [[nodiscard]] DocId text(std::string_view s);
  [[nodiscard]] DocId own(std::string s);
  [[nodiscard]] DocId verbatim(std::string_view s);
  [[nodiscard]] DocId raw(std::string_view s);
  [[nodiscard]] DocId empty() const { return 0; }
  [[nodiscard]] DocId space() const { return space_; }
  [[nodiscard]] DocId line() const { return line_; }
  [[nodiscard]] DocId softline() const { return softline_; }
  [[nodiscard]] DocId hardline() const { return hardline_; }
  [[nodiscard]] DocId emptyline() const { return emptyline_; }
  [[nodiscard]] DocId blankline() const { return blankline_; }

  [[nodiscard]] DocId concat(std::span<const DocId> parts);
  [[nodiscard]] DocId concat(std::initializer_list<DocId> parts) {
    return concat(std::span<const DocId>(parts.begin(), parts.size()));
  }
  [[nodiscard]] DocId nest(DocId d);
  [[nodiscard]] DocId group(DocId d);
  [[nodiscard]] DocId forced(DocId d);
  // At least one alternative; see the header comment for the choice.
  [[nodiscard]] DocId alts(std::span<const DocId> options);
  [[nodiscard]] DocId alts(std::initializer_list<DocId> options) {
    return alts(std::span<const DocId>(options.begin(), options.size()));
  }
  [[nodiscard]] DocId ifBreak(DocId broken, DocId flat);

  [[nodiscard]] const DocNode& node(DocId id) const { return nodes_[id]; }
  [[nodiscard]] bool hard(DocId id) const { return nodes_[id].hard; }
  [[nodiscard]] std::span<const DocId> kids(DocId id) const {
    const DocNode& n = nodes_[id];
    return {kids_.data() + n.a, n.b};
  }
  [[nodiscard]] std::string_view textOf(DocId id) const { return texts_[nodes_[id].a]; }
  [[nodiscard]] std::size_t size() const { return nodes_.size(); }

 private:
  DocId add(DocNode n);
  DocId addText(DocKind kind, std::string_view s);

  std::vector<DocNode> nodes_;
  std::vector<DocId> kids_;
  std::vector<std::string_view> texts_;
  std::deque<std::string> owned_;
  DocId space_, line_, softline_, hardline_, emptyline_, blankline_;
};

// Display width of UTF-8 text: one column per code point.
[[nodiscard]] std::uint32_t displayWidth(std::string_view s);

struct RenderOptions {
  std::uint32_t indentWidth = 2;
  std::uint32_t lineWidth = 100;
  std::string_view newline = "\n";
  // Text put before every indented line (range formatting inside an
  // indented line), and the column where the first line starts.
  std::string_view baseIndent;
  std::uint32_t startColumn = 0;
  bool finalNewline = true;
};

[[nodiscard]] std::string render(const Doc& doc, DocId root, const RenderOptions& options);

}  // namespace fw::fmt
