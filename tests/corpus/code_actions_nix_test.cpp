// Every code action offered anywhere in tests/code_actions/*.nix and
// tests/semantic/ok-*.nix, applied:
//
// - the edited text parses without syntax errors and has no more error
//   diagnostics than the original;
// - on closed terms, `nix-instantiate` gives the same value before and
//   after (compared as `builtins.toJSON`, which forces everything). The
//   `closed-*.nix` fixtures of tests/code_actions must be closed terms; a
//   file of tests/semantic is one when Nix can evaluate it. An action that
//   does not promise to keep values (removing a formal from a function
//   without `...`) may make evaluation fail, never change the value.
//   Files that use `__curPos` (a value that is the text's own position)
//   are checked by syntax only.
//
// The variants of one file are evaluated in one nix-instantiate call (one
// by one only when that call fails, to name the culprit).
//
// nix-instantiate must be installed; the test fails if it is missing.
// FLAKEWISE_NIX_INSTANTIATE overrides the command.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "analysis/code_actions.h"
#include "analysis/features.h"
#include "corpus_files.h"
#include "parser/syntax_diagnostics.h"
#include "tests/support/lsp_client.h"

namespace fw {
namespace {

using namespace fw::test::corpus;

// builtins.toJSON of each file's value; nullopt for all when one fails.
std::optional<std::vector<std::string>> evaluateAll(const std::vector<std::string>& files) {
  std::string expr = "map (f: builtins.toJSON (import f)) [";
  for (const std::string& f : files) expr += " " + f;
  expr += " ]";
  const fw::test::RunResult r =
      fw::test::run({nixCommand(), "--eval", "--strict", "--json", "-E", expr});
  if (r.code != 0) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& v : nlohmann::json::parse(r.out)) out.push_back(v.get<std::string>());
  return out;
}

std::optional<std::string> evaluate(const std::string& file) {
  auto r = evaluateAll({file});
  if (!r) return std::nullopt;
  return r->front();
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

struct Totals {
  std::size_t files = 0, closed = 0, applied = 0, evaluated = 0;
  std::set<std::string> kinds;  // titles up to the first '`', to see coverage
};

// Applies every action of one file; `mustBeClosed`: the file must
// evaluate, else it is checked only when it does.
void checkFile(const fs::path& path, bool mustBeClosed, const fw::test::TempDir& dir,
               Totals& totals) {
  const std::string text = *readBytes(path);
  CAPTURE(path.string());
  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  REQUIRE(syntaxDiagnostics(*tree).empty());
  const auto analysis = analyzeFile(tree);
  const std::vector<Diagnostic> diags = fileDiagnostics(*analysis);
  const std::size_t errorsBefore = errorCount(*analysis);
  const std::string beforeFile = dir.write("before.nix", text);
  // __curPos is the text's own position (file, line, column): edits move
  // it by design, so such files are compared by syntax only.
  const bool positional = text.find("__curPos") != std::string::npos;
  const std::optional<std::string> before = positional ? std::nullopt : evaluate(beforeFile);
  if (mustBeClosed) REQUIRE_MESSAGE(before, "closed fixture does not evaluate");
  ++totals.files;
  totals.closed += before.has_value();

  struct Variant {
    std::string title, text, file;
    bool preservesValue;
  };
  std::vector<Variant> variants;
  std::set<std::string> seen;
  for (ByteOffset o = 0; o <= text.size(); ++o) {
    for (const CodeAction& action : codeActions(*analysis, {o, o}, diags)) {
      const std::string after = applyEdits(text, action.edits);
      if (!seen.insert(action.title + "\n" + after).second) continue;
      ++totals.applied;
      totals.kinds.insert(action.title.substr(0, action.title.find('`')));
      CAPTURE(action.title);
      CAPTURE(after);
      const SyntaxTreePtr t2 = SyntaxTree::parse(after);
      CHECK(syntaxDiagnostics(*t2).empty());
      CHECK(errorCount(*analyzeFile(t2)) <= errorsBefore);
      if (before) {
        const std::string file =
            dir.write("after-" + std::to_string(variants.size()) + ".nix", after);
        variants.push_back({action.title, after, file, action.preservesValue});
      }
    }
  }
  if (!before || variants.empty()) return;
  totals.evaluated += variants.size();
  std::vector<std::string> batch;
  for (const Variant& v : variants)
    if (v.preservesValue) batch.push_back(v.file);
  const auto values = evaluateAll(batch);
  std::size_t next = 0;
  for (const Variant& v : variants) {
    CAPTURE(v.title);
    CAPTURE(v.text);
    if (v.preservesValue && values) {
      CHECK((*values)[next++] == *before);
      continue;
    }
    const std::optional<std::string> value = evaluate(v.file);
    if (v.preservesValue)
      CHECK(value == before);
    else if (value)
      CHECK(*value == *before);  // may fail, never differ
  }
}

}  // namespace

TEST_CASE("code actions on the fixture corpus keep the text parsing and the value Nix computes") {
  requireNix();
  const std::vector<fs::path> files = nixFiles(testsDir("code_actions"));
  REQUIRE(files.size() >= 5);
  fw::test::TempDir dir;
  Totals totals;
  for (const fs::path& path : files)
    checkFile(path, path.filename().string().starts_with("closed-"), dir, totals);
  MESSAGE(totals.applied << " actions applied, " << totals.evaluated << " evaluated by Nix");
  // The corpus exercises every kind of action.
  for (const char* k : {"Remove unused binding ", "Remove unused argument ", "Remove unused ",
                        "Remove unneeded ", "Add ", "Convert to ", "Convert ", "Flatten to ",
                        "Pack into ", "Quote attribute name", "Unquote attribute name",
                        "Convert to indented string", "Convert to double-quoted string"}) {
    CHECK_MESSAGE(totals.kinds.count(k), "no action '" << std::string(k) << "' in the corpus");
  }
}

TEST_CASE(
    "code actions on the name-resolution corpus keep the text parsing and the value Nix computes") {
  requireNix();
  std::vector<fs::path> files;
  for (const fs::path& p : nixFiles(testsDir("semantic")))
    if (p.filename().string().starts_with("ok-")) files.push_back(p);
  REQUIRE(files.size() > 100);
  fw::test::TempDir dir;
  Totals totals;
  for (const fs::path& path : files) checkFile(path, false, dir, totals);
  MESSAGE(totals.files << " files (" << totals.closed << " closed terms), " << totals.applied
                       << " actions applied, " << totals.evaluated << " evaluated by Nix");
  CHECK(totals.closed > 40);
}

}  // namespace fw
