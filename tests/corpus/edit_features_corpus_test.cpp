// Semantic tokens, signature help and code actions on every file of the
// corpora (tests/parser/{ok,err}, tests/syntax, tests/semantic, tests/code_actions),
// valid and broken, at every offset: they never crash and their results
// keep their invariants.
//
// - tokens are sorted, do not overlap, lie inside the text, and none spans
//   a line end; a range request gives exactly the full result's tokens that
//   overlap the range;
// - code action edits lie inside the text and do not overlap;
// - signature help labels contain their parameters' names at the given
//   offsets.

#include <doctest/doctest.h>

#include "analysis/code_actions.h"
#include "analysis/semantic_tokens.h"
#include "analysis/signature_help.h"
#include "corpus_files.h"

namespace fw {
namespace {

using namespace fw::test::corpus;

std::vector<fs::path> corpus() {
  std::vector<fs::path> out;
  for (const char* dir : {"parser/ok", "parser/err", "syntax", "semantic", "code_actions"}) {
    const auto files = nixFiles(testsDir(dir));
    out.insert(out.end(), files.begin(), files.end());
  }
  return out;
}

void checkTokens(const FileAnalysis& a) {
  const std::string_view src = a.tree->text();
  const std::vector<SemanticToken> full = semanticTokens(a);
  for (std::size_t i = 0; i < full.size(); ++i) {
    const SemanticToken& t = full[i];
    CHECK(t.length > 0);
    CHECK(t.start + t.length <= src.size());
    CHECK(src.substr(t.start, t.length).find_first_of("\r\n") == std::string_view::npos);
    if (i > 0) CHECK(full[i - 1].start + full[i - 1].length <= t.start);
  }
  // Ranges: a sliding window of a few sizes.
  for (ByteOffset size : {1u, 7u, 40u}) {
    for (ByteOffset start = 0; start < src.size(); start += size) {
      const ByteRange r{start, std::min<ByteOffset>(start + size, static_cast<ByteOffset>(src.size()))};
      SemanticTokensConfig cfg;
      cfg.range = r;
      std::vector<SemanticToken> expected;
      for (const SemanticToken& t : full)
        if (t.start < r.end && t.start + t.length > r.start) expected.push_back(t);
      CHECK(semanticTokens(a, cfg) == expected);
    }
  }
}

}  // namespace

TEST_CASE("editing features hold their invariants on every corpus file at every offset") {
  const std::vector<fs::path> files = corpus();
  REQUIRE(files.size() > 500);
  std::size_t actions = 0, signatures = 0;
  for (const fs::path& path : files) {
    CAPTURE(path.string());
    const std::string text = *readBytes(path);
    const SyntaxTreePtr tree = SyntaxTree::parse(text);
    const auto analysis = analyzeFile(tree);
    checkTokens(*analysis);
    const std::vector<Diagnostic> diags = fileDiagnostics(*analysis);
    const DocumentViewPtr view = DocumentView::exact(tree);
    const FeatureContext ctx;
    for (ByteOffset o = 0; o <= text.size(); ++o) {
      for (const CodeAction& a : codeActions(*analysis, {o, o}, diags)) {
        ++actions;
        for (std::size_t i = 0; i < a.edits.size(); ++i) {
          CHECK(a.edits[i].range.start <= a.edits[i].range.end);
          CHECK(a.edits[i].range.end <= text.size());
          if (i > 0) CHECK(a.edits[i - 1].range.end <= a.edits[i].range.start);
        }
      }
      if (const auto h = signatureHelp(*view, o, ctx)) {
        ++signatures;
        for (const SignatureParameter& p : h->parameters) {
          REQUIRE(p.labelEnd <= h->label.size());
          CHECK(h->label.substr(p.labelStart, p.labelEnd - p.labelStart) == p.name);
        }
      }
    }
  }
  MESSAGE(files.size() << " files, " << actions << " code actions, " << signatures << " signature helps");
}

}  // namespace fw
