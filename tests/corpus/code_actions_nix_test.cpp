// Every code action offered anywhere in tests/code_actions/*.nix and
// tests/semantic/ok-*.nix, applied, and every rename of every local name
// of those files to a fresh name and to each other name the file uses
// (the renames that would capture or be captured must be refused):
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
#include "analysis/navigation.h"
#include "analysis/references.h"
#include "analysis/semantic.h"
#include "corpus_files.h"
#include "parser/node.h"
#include "parser/syntax_diagnostics.h"
#include "tests/support/fixture.h"
#include "tests/support/lsp_client.h"
#include "tests/support/memory_files.h"

namespace fw {
namespace {

using namespace fw::test::corpus;
using fw::test::applyEdits;

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

struct RenameTotals {
  std::size_t files = 0, accepted = 0, refused = 0, evaluated = 0;
};

// Renames every renamable definition of one file to a fresh name and to
// every other identifier of the file; accepted renames must parse and, on
// closed terms, keep the value Nix computes.
void checkRenames(const fs::path& path, const fw::test::TempDir& dir, RenameTotals& totals) {
  const std::string text = *readBytes(path);
  if (text.find("__curPos") != std::string::npos) return;
  CAPTURE(path.string());
  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  REQUIRE(syntaxDiagnostics(*tree).empty());
  const auto analysis = analyzeFile(tree);
  const std::string beforeFile = dir.write("rename-before.nix", text);
  const std::optional<std::string> before = evaluate(beforeFile);
  if (!before) return;
  ++totals.files;
  // Candidate new names: every identifier of the file, plus a fresh one.
  std::set<std::string> names{"renamed_fresh"};
  walkWithAncestors(tree->root(), [&](Node n, std::span<const Node>) {
    if (n.is(syms().identifier)) names.insert(std::string(n.text(text)));
    return true;
  });
  struct Variant {
    std::string what, text, file;
  };
  std::vector<Variant> variants;
  std::set<std::uint32_t> done;  // definitions already renamed (by name start)
  for (const Definition& d : analysis->model->defs) {
    if (!done.insert(d.nameRange.start).second) continue;
    if (!prepareRename(*analysis, d.nameRange.start).error.empty()) continue;
    for (const std::string& name : names) {
      if (name == d.name || !isValidIdentifier(name)) continue;
      const RenameResult r = rename(*analysis, d.nameRange.start, name);
      if (!r.error.empty()) {
        ++totals.refused;
        continue;
      }
      ++totals.accepted;
      const std::string after = applyEdits(text, r.edits);
      const std::string what = "rename '" + std::string(d.name) + "' to '" + name + "'";
      CAPTURE(what);
      CAPTURE(after);
      CHECK(syntaxDiagnostics(*SyntaxTree::parse(after)).empty());
      variants.push_back(
          {what, after, dir.write("rename-" + std::to_string(variants.size()) + ".nix", after)});
    }
  }
  if (variants.empty()) return;
  totals.evaluated += variants.size();
  std::vector<std::string> batch;
  for (const Variant& v : variants) batch.push_back(v.file);
  if (const auto values = evaluateAll(batch)) {
    for (std::size_t k = 0; k < variants.size(); ++k) {
      CAPTURE(variants[k].what);
      CAPTURE(variants[k].text);
      CHECK((*values)[k] == *before);
    }
    return;
  }
  for (const Variant& v : variants) {  // one failed: name it
    CAPTURE(v.what);
    CAPTURE(v.text);
    CHECK(evaluate(v.file) == before);
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

TEST_CASE("renames of local names keep the text parsing and the value Nix computes") {
  requireNix();
  std::vector<fs::path> files = nixFiles(testsDir("code_actions"));
  for (const fs::path& p : nixFiles(testsDir("semantic")))
    if (p.filename().string().starts_with("ok-")) files.push_back(p);
  fw::test::TempDir dir;
  RenameTotals totals;
  for (const fs::path& path : files) checkRenames(path, dir, totals);
  MESSAGE(totals.files << " closed files, " << totals.accepted
                       << " renames accepted and evaluated, " << totals.refused << " refused");
  CHECK(totals.files > 40);
  CHECK(totals.accepted > 200);
  // Other names of the same file include names in scope: some renames
  // must be refused as captures.
  CHECK(totals.refused > 50);
}

// tests/rename/*.nix: multi-file fixtures (`#- /file` headers, `$0` on an
// attribute) whose /main.nix Nix evaluates. The attribute at $0 is renamed
// to a fresh name and to every other name of the fixture; an accepted
// rename must keep main.nix's value, and the fixtures must produce both
// accepted and refused renames.
TEST_CASE("renames of attributes across files keep the value Nix computes") {
  requireNix();
  const std::vector<fs::path> fixtures = nixFiles(testsDir("rename"));
  REQUIRE(fixtures.size() >= 4);
  fw::test::TempDir dir;
  std::size_t accepted = 0, refused = 0, variant = 0;
  for (const fs::path& path : fixtures) {
    CAPTURE(path.string());
    const fw::test::Fixture fx = fw::test::parseFixture(*readBytes(path));
    REQUIRE(fx.files.count("/main.nix"));
    auto writeAll = [&](const std::map<std::string, std::string>& files) {
      const std::string root = "v" + std::to_string(variant++);
      for (const auto& [name, text] : files) (void)dir.write(root + name, text);
      return dir.path() + "/" + root + "/main.nix";
    };
    const std::optional<std::string> before = evaluate(writeAll(fx.files));
    REQUIRE_MESSAGE(before, "the fixture's main.nix must evaluate");
    const fw::test::MemoryFiles files(fx.files);
    FeatureContext ctx;
    ctx.path = fx.markers.at(0).file;
    ctx.files = &files;
    const SyntaxTreePtr doc = SyntaxTree::parse(fx.files.at(ctx.path));
    std::set<std::string> names{"renamed_fresh"};
    for (const auto& [name, text] : fx.files) {
      const SyntaxTreePtr t = SyntaxTree::parse(text);
      walkWithAncestors(t->root(), [&](Node n, std::span<const Node>) {
        if (n.is(syms().identifier)) names.insert(std::string(n.text(t->text())));
        return true;
      });
    }
    for (const std::string& name : names) {
      if (!isValidIdentifier(name)) continue;
      const AttributeRename r = renameAttribute(doc, fx.at(), ctx, name);
      REQUIRE(r.isAttribute);
      if (!r.error.empty() || r.edits.empty()) {
        refused += !r.error.empty();
        continue;
      }
      ++accepted;
      std::map<std::string, std::vector<TextEdit>> byFile;
      for (const FileEdit& e : r.edits) byFile[e.file.empty() ? ctx.path : e.file].push_back(e.edit);
      std::map<std::string, std::string> after = fx.files;
      for (const auto& [file, edits] : byFile) after[file] = applyEdits(after[file], edits);
      CAPTURE(name);
      CAPTURE(after.at("/main.nix"));
      for (const auto& [file, text] : after) CHECK(syntaxDiagnostics(*SyntaxTree::parse(text)).empty());
      CHECK(evaluate(writeAll(after)) == before);
    }
  }
  MESSAGE(accepted << " attribute renames accepted and evaluated, " << refused << " refused");
  CHECK(accepted > 20);
  CHECK(refused > 5);
}

}  // namespace fw
