// Fuzz target: the formatter on arbitrary bytes.
//
// Whole-file formatting either refuses with a reason or returns a text that
// parses without errors and formats to itself; the minimal edits the server
// sends (diffEdits) rebuild that text exactly. Range and on-type formatting
// return sorted, non-overlapping edits inside the text, and never turn a
// file without syntax errors into one with errors.

#include <string>

#include "formatter/format.h"
#include "fuzz/fuzz_input.h"

using namespace fw;

namespace {

void checkEdits(const std::vector<TextEdit>& edits, std::size_t size, const char* what) {
  for (std::size_t i = 0; i < edits.size(); ++i) {
    const ByteRange r = edits[i].range;
    FUZZ_CHECK(r.start <= r.end && r.end <= size, std::string(what) + ": edit out of the text");
    if (i > 0) FUZZ_CHECK(edits[i - 1].range.end <= r.start, std::string(what) + ": edits overlap or are unsorted");
  }
}

void checkStillParses(const SyntaxTree& tree, const std::vector<TextEdit>& edits, const char* what) {
  if (edits.empty() || tree.root().hasError()) return;
  const std::string after = applyEdits(tree.text(), edits);
  const SyntaxTreePtr t = SyntaxTree::parse(after);
  FUZZ_CHECK(!t->root().hasError(), std::string(what) + " broke a file without errors; result:\n" + after);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 32 * 1024) return 0;
  fuzz::InputReader in(data, size);
  const std::uint8_t opts = in.byte();
  const std::uint16_t a = in.u16(), b = in.u16();
  const std::string text(in.rest());
  FormatOptions options;
  options.indentWidth = 1 + (opts & 0x07);
  options.lineWidth = (opts & 0x08) ? 20 + (opts >> 4) * 4 : 100;

  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  const FormatResult r = formatDocument(*tree, options);
  if (!r.error) {
    const SyntaxTreePtr formatted = SyntaxTree::parse(r.text);
    // No syntax error in the result, and no tree-sitter error where the
    // input had none (valid Nix that tree-sitter rejects, such as
    // `inherit (x);`, keeps its silent ERROR node).
    FUZZ_CHECK(!formatted->root().hasError() || tree->root().hasError(), "formatted text has syntax errors:\n" + r.text);
    const FormatResult again = formatDocument(*formatted, options);
    FUZZ_CHECK(!again.error, "formatting the result was refused: " + again.error.value_or(""));
    FUZZ_CHECK(again.text == r.text, "formatting is not idempotent:\nfirst:\n" + r.text + "\nsecond:\n" + again.text);
    const std::vector<TextEdit> edits = diffEdits(text, r.text);
    checkEdits(edits, text.size(), "diffEdits");
    FUZZ_CHECK(applyEdits(text, edits) == r.text, "diffEdits do not rebuild the formatted text");
  } else {
    FUZZ_CHECK(r.text.empty());
  }

  const auto s = static_cast<ByteOffset>(fuzz::scaled(a, text.size()));
  const auto e = static_cast<ByteOffset>(fuzz::scaled(b, text.size()));
  const RangeFormatResult range = formatRange(*tree, {std::min(s, e), std::max(s, e)}, options);
  checkEdits(range.edits, text.size(), "formatRange");
  checkStillParses(*tree, range.edits, "range formatting");
  for (char ch : {';', '}'}) {
    const RangeFormatResult typed = formatOnType(*tree, s, ch, options);
    checkEdits(typed.edits, text.size(), "formatOnType");
    checkStillParses(*tree, typed.edits, "on-type formatting");
  }
  return 0;
}
