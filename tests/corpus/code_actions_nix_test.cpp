// Every code action offered anywhere in tests/code_actions/*.nix, applied:
//
// - the edited text parses without syntax errors and has no error
//   diagnostic the original did not have;
// - for `closed-*.nix` files (closed terms), `nix-instantiate --eval
//   --strict --json` gives the same value before and after. An action that
//   does not promise to keep values (removing a formal from a function
//   without `...`) may make evaluation fail, never change the value.
//
// nix-instantiate must be installed; the test fails if it is missing.
// FLAKEWISE_NIX_INSTANTIATE overrides the command.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "analysis/code_actions.h"
#include "analysis/features.h"
#include "corpus_files.h"
#include "parser/syntax_diagnostics.h"
#include "tests/support/lsp_client.h"

namespace fw {
namespace {

using namespace fw::test::corpus;

std::string nixCommand() {
  const char* v = std::getenv("FLAKEWISE_NIX_INSTANTIATE");
  return v && *v ? v : "nix-instantiate";
}

struct Eval {
  bool ok = false;
  std::string value;  // JSON, or the error
};

Eval evaluate(const fw::test::TempDir& dir, const std::string& text) {
  const std::string file = dir.write("expr.nix", text);
  const fw::test::RunResult r = fw::test::run({nixCommand(), "--eval", "--strict", "--json", file});
  return {r.code == 0, r.code == 0 ? r.out : r.err};
}

std::string applyEdits(std::string text, std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.range.start > b.range.start; });
  for (const TextEdit& e : edits) text.replace(e.range.start, e.range.length(), e.text);
  return text;
}

std::size_t errorCount(const FileAnalysis& a) {
  std::size_t n = 0;
  for (const Diagnostic& d : fileDiagnostics(a)) n += d.severity == Severity::Error;
  return n;
}

}  // namespace

TEST_CASE("code actions keep the text parsing and, on closed terms, the value Nix computes") {
  const fw::test::RunResult version = fw::test::run({nixCommand(), "--version"});
  REQUIRE_MESSAGE(version.code == 0, "'" << nixCommand()
                                         << "' is not available; install nix-bin (scripts/setup.sh --tests)");
  const std::vector<fs::path> files = nixFiles(testsDir("code_actions"));
  REQUIRE(files.size() >= 5);
  fw::test::TempDir dir;
  std::set<std::string> kinds;  // action titles up to the first '`', to see coverage
  std::size_t applied = 0;
  std::size_t evaluated = 0;
  for (const fs::path& path : files) {
    const std::string text = *readBytes(path);
    const bool closed = path.filename().string().starts_with("closed-");
    CAPTURE(path.filename().string());
    const SyntaxTreePtr tree = SyntaxTree::parse(text);
    REQUIRE(syntaxDiagnostics(*tree).empty());
    const auto analysis = analyzeFile(tree);
    const std::vector<Diagnostic> diags = fileDiagnostics(*analysis);
    const std::size_t errorsBefore = errorCount(*analysis);
    Eval before;
    if (closed) {
      before = evaluate(dir, text);
      REQUIRE_MESSAGE(before.ok, "closed fixture does not evaluate: " << before.value);
    }
    // Every distinct action at every offset.
    std::set<std::string> seen;
    for (ByteOffset o = 0; o <= text.size(); ++o) {
      for (const CodeAction& action : codeActions(*analysis, {o, o}, diags)) {
        const std::string after = applyEdits(text, action.edits);
        if (!seen.insert(action.title + "\n" + after).second) continue;
        ++applied;
        kinds.insert(action.title.substr(0, action.title.find('`')));
        CAPTURE(action.title);
        CAPTURE(after);
        const SyntaxTreePtr t2 = SyntaxTree::parse(after);
        CHECK(syntaxDiagnostics(*t2).empty());
        CHECK(errorCount(*analyzeFile(t2)) <= errorsBefore);
        if (!closed) continue;
        const Eval e = evaluate(dir, after);
        ++evaluated;
        if (action.preservesValue) {
          CHECK(e.ok);
          CHECK(e.value == before.value);
        } else if (e.ok) {
          CHECK(e.value == before.value);
        }
      }
    }
  }
  MESSAGE(applied << " actions applied, " << evaluated << " evaluated by Nix");
  // The corpus exercises every kind of action.
  for (const char* k : {"Remove unused binding ", "Remove unused argument ", "Remove unused ", "Remove unneeded ",
                        "Add ", "Convert to ", "Convert ", "Flatten to ", "Pack into ", "Quote attribute name",
                        "Unquote attribute name", "Convert to indented string", "Convert to double-quoted string"}) {
    CHECK_MESSAGE(kinds.count(k), "no action '" << std::string(k) << "' in the corpus");
  }
}

}  // namespace fw
