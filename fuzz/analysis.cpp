// Fuzz target: parse and full analysis of arbitrary bytes.
//
// The input is a Nix text (the front) and a few control bytes (the end)
// that choose offsets. Everything a server computes for a file runs on it:
// syntax and semantic diagnostics, outline, folding, selection ranges,
// hover, definition, completion, highlights, rename, attribute references
// across two files, the workspace index summary, and the LSP conversions
// in every position encoding. Besides "no crash, no sanitizer report, no
// hang", results must be well formed: ranges inside the text, nested where
// they should nest, offsets and positions converting both ways.

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/completion.h"
#include "analysis/features.h"
#include "analysis/navigation.h"
#include "analysis/references.h"
#include "analysis/semantic.h"
#include "fuzz/fuzz_input.h"
#include "server/protocol.h"
#include "server/workspace_index.h"
#include "tests/support/memory_files.h"

using namespace fw;

namespace {

constexpr PositionEncoding kEncodings[] = {PositionEncoding::Utf8, PositionEncoding::Utf16,
                                           PositionEncoding::Utf32};

std::string show(ByteRange r) { return std::to_string(r.start) + "-" + std::to_string(r.end); }

void checkRange(ByteRange r, std::size_t size, const char* what) {
  FUZZ_CHECK(r.start <= r.end && r.end <= size, std::string(what) + " " + show(r) + " in a text of " + std::to_string(size));
}

// Offsets and positions convert both ways at every character start (not
// between the CR and LF of a line break, which has no position of its own).
void checkLineIndex(const SyntaxTree& tree, const std::vector<ByteOffset>& offsets) {
  const std::string& text = tree.text();
  const LineIndex& lines = tree.lines();
  for (ByteOffset o : offsets) {
    if (o > text.size()) continue;
    if (o > 0 && o < text.size() && text[o - 1] == '\r' && text[o] == '\n') continue;
    // Character starts only: not a UTF-8 continuation byte of a valid sequence.
    std::size_t start = lines.lineStart(lines.lineOf(o));
    bool boundary = true;
    for (std::size_t i = start; i < o;) {
      const Utf8Char c = decodeUtf8(text, i);
      if (i + c.bytes > o) {
        boundary = false;
        break;
      }
      i += c.bytes;
    }
    if (!boundary) continue;
    for (PositionEncoding enc : kEncodings) {
      const Position p = lines.position(o, enc);
      FUZZ_CHECK(lines.offset(p, enc) == o, "offset " + std::to_string(o) + " -> " +
                                                std::to_string(p.line) + ":" + std::to_string(p.character) +
                                                " -> " + std::to_string(lines.offset(p, enc)));
    }
  }
}

void checkSymbols(const std::vector<DocumentSymbol>& symbols, std::size_t size, std::size_t depth) {
  FUZZ_CHECK(depth <= kMaxSymbolDepth + 1, "symbols nest " + std::to_string(depth) + " deep");
  for (const DocumentSymbol& s : symbols) {
    checkRange(s.range, size, "symbol range");
    checkRange(s.selection, size, "symbol selection");
    checkSymbols(s.children, size, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Big inputs only slow the search down; the hostile-input transcript
  // tests cover size.
  if (size > 64 * 1024) return 0;
  fuzz::InputReader in(data, size);
  std::vector<std::uint16_t> picks;
  for (int i = 0; i < 4; ++i) picks.push_back(in.u16());
  const std::string text(in.rest());

  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  FUZZ_CHECK(tree->text() == text);
  const std::size_t n = text.size();

  // Offsets: the picks, the ends, and a few spread evenly.
  std::vector<ByteOffset> offsets = {0, static_cast<ByteOffset>(n)};
  for (std::uint16_t p : picks) offsets.push_back(static_cast<ByteOffset>(fuzz::scaled(p, n)));
  for (int k = 1; k < 4; ++k) offsets.push_back(static_cast<ByteOffset>(n * k / 4));
  checkLineIndex(*tree, offsets);

  // Whole-file features.
  const std::shared_ptr<const FileAnalysis> analysis = analyzeFile(tree);
  const std::vector<Diagnostic> diags = fileDiagnostics(*analysis);
  for (std::size_t i = 0; i < diags.size(); ++i) {
    checkRange(diags[i].range, n, "diagnostic");
    for (const RelatedInfo& r : diags[i].related) checkRange(r.range, n, "related information");
    FUZZ_CHECK(!diags[i].code.empty() && !diags[i].message.empty());
    if (i > 0) FUZZ_CHECK(diags[i - 1].range.start <= diags[i].range.start, "diagnostics are not sorted");
  }
  FUZZ_CHECK(diags == fileDiagnostics(*tree), "diagnostics differ between the two entry points");
  const std::vector<DocumentSymbol> symbols = documentSymbols(*tree);
  checkSymbols(symbols, n, 1);
  for (const FoldingRange& f : foldingRanges(*tree)) {
    FUZZ_CHECK(f.startLine <= f.endLine && f.endLine < tree->lines().lineCount(),
               "folding " + std::to_string(f.startLine) + "-" + std::to_string(f.endLine));
  }

  // Position features, at each offset.
  const DocumentViewPtr view = DocumentView::exact(tree);
  test::MemoryFiles files({{"/ws/default.nix", text}, {"/ws/lib.nix", text}, {"/ws/dir/x.nix", "{ a = 1; }"}});
  FeatureContext ctx;
  ctx.path = "/ws/default.nix";
  ctx.files = &files;
  for (ByteOffset o : offsets) {
    const std::vector<ByteRange> chain = selectionRanges(*view, o);
    FUZZ_CHECK(chain.size() <= kMaxSelectionDepth);
    for (std::size_t i = 0; i < chain.size(); ++i) {
      checkRange(chain[i], n, "selection range");
      if (i > 0) {
        FUZZ_CHECK(chain[i].start <= chain[i - 1].start && chain[i - 1].end <= chain[i].end,
                   "selection " + show(chain[i - 1]) + " not inside " + show(chain[i]));
      }
    }
    if (auto h = hover(*view, o, ctx)) checkRange(h->range, n, "hover");
    for (const Location& l : definition(*view, o, ctx)) {
      if (l.file.empty() || l.tree == tree) checkRange(l.range, n, "definition");
      if (l.tree) checkRange(l.range, l.tree->text().size(), "definition in another file");
    }
    const CompletionResult c = completion(*view, o, ctx);
    checkRange(c.replace, n, "completion replace range");
    for (const CompletionItem& item : c.items) FUZZ_CHECK(!item.label.empty(), "empty completion label");
    for (const Occurrence& occ : occurrences(*analysis, o)) checkRange(occ.range, n, "occurrence");
    const PrepareRenameResult pr = prepareRename(*analysis, o);
    if (pr.error.empty()) checkRange(pr.range, n, "prepareRename");
    const RenameResult rr = rename(*analysis, o, "renamed_x");
    for (std::size_t i = 0; i < rr.edits.size(); ++i) {
      checkRange(rr.edits[i].range, n, "rename edit");
    }
    for (const Location& l : attributeReferences(tree, o, ctx, true)) {
      if (l.tree) checkRange(l.range, l.tree->text().size(), "attribute reference");
    }
  }

  // What the server does with all of it: LSP conversions in every encoding
  // and the workspace index entry.
  for (PositionEncoding enc : kEncodings) {
    for (const Diagnostic& d : diags) (void)server::dumpJson(server::toLsp(d, tree->lines(), enc, "file:///ws/default.nix"));
    for (const DocumentSymbol& s : symbols) (void)server::dumpJson(server::toLsp(s, tree->lines(), enc));
    for (ByteOffset o : offsets) (void)server::selectionToLsp(selectionRanges(*view, o), tree->lines(), enc);
  }
  const auto indexed = server::WorkspaceIndex::summarise("/nonexistent-fuzz/default.nix", *tree);
  for (const server::IndexedSymbol& s : indexed->symbols) checkRange(s.selection, n, "indexed symbol");
  return 0;
}
