// Parser golden files.
//
// tests/parser/ok/X.nix   valid Nix (nix-instantiate --parse accepts it; the
//                         agreement test checks that). Its tree must have no
//                         ERROR or MISSING node and no syntax diagnostic.
//                         X.tree holds the tree dump.
// tests/parser/err/X.nix  one realistic syntax error each. flakewise must
//                         report at least one syntax-error. X.tree holds the
//                         tree dump and X.diag the syntax diagnostics.
//
// X.tree is `dumpTree(*SyntaxTree::parse(text))` with default options
// (named nodes, tree-sitter ranges [row:col-row:col], 0-based, columns in
// bytes).
//
// X.diag has one line per diagnostic of `syntaxDiagnostics`, sorted by
// start offset:
//
//     L:C-L:C message
//
// for the start and the (exclusive) end of the range. Lines are 1-based and
// split the way LSP splits them ("\n", "\r\n" or a lone "\r"); columns are
// 1-based and count UTF-8 bytes, so an empty range at the start of a line is
// `3:1-3:1`. Diagnostics with a code other than syntax-error get ` [code]`
// appended.
//
// Run the tests with FLAKEWISE_UPDATE_GOLDEN=1 in the environment to rewrite
// the .tree and .diag files from today's parser (and delete golden files
// whose .nix file is gone); review the diff before committing it.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "corpus_files.h"
#include "parser/syntax_diagnostics.h"
#include "parser/syntax_tree.h"
#include "parser/tree_dump.h"

namespace fw {
namespace {

namespace fs = std::filesystem;
using namespace fw::test::corpus;

bool updating() {
  const char* v = std::getenv("FLAKEWISE_UPDATE_GOLDEN");
  return v && *v && std::string_view(v) != "0";
}

std::string formatPosition(const LineIndex& lines, ByteOffset offset) {
  const Position p = lines.position(offset, PositionEncoding::Utf8);
  return std::to_string(p.line + 1) + ":" + std::to_string(p.character + 1);
}

std::string formatDiagnostics(const SyntaxTree& tree) {
  std::vector<Diagnostic> diags = syntaxDiagnostics(tree);
  std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.range.start < b.range.start;
  });
  std::string out;
  for (const Diagnostic& d : diags) {
    out += formatPosition(tree.lines(), d.range.start) + "-" +
           formatPosition(tree.lines(), d.range.end) + " " + d.message;
    if (d.code != kSyntaxError) out += " [" + d.code + "]";
    out += '\n';
  }
  return out;
}

std::size_t countSyntaxErrors(const SyntaxTree& tree) {
  const std::vector<Diagnostic> diags = syntaxDiagnostics(tree);
  return static_cast<std::size_t>(std::count_if(diags.begin(), diags.end(), [](const Diagnostic& d) {
    return d.code == kSyntaxError;
  }));
}

// Compares `actual` with the golden file `golden` (or rewrites it).
void compareGolden(const fs::path& golden, const std::string& actual) {
  const std::string name = golden.filename().string();
  if (updating()) {
    const std::optional<std::string> old = readBytes(golden);
    if (!old || *old != actual) {
      CHECK_MESSAGE(writeBytes(golden, actual), "cannot write " << golden.string());
      MESSAGE("updated " << name);
    }
    return;
  }
  const std::optional<std::string> expected = readBytes(golden);
  if (!expected) {
    FAIL_CHECK(name << " is missing; run the tests with FLAKEWISE_UPDATE_GOLDEN=1 to create it");
    return;
  }
  // A bool, so that doctest does not print both whole dumps.
  const bool same = *expected == actual;
  CHECK_MESSAGE(same, name << " differs from today's output at "
                                          << firstDifference(*expected, actual)
                                          << " (FLAKEWISE_UPDATE_GOLDEN=1 rewrites it)");
}

// Golden files (.tree, .diag) whose .nix file no longer exists, and .diag
// files in ok/ (where there must be no diagnostics at all).
void checkOrphans(const fs::path& dir, bool diagAllowed) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const fs::path& p = e.path();
    const std::string ext = p.extension().string();
    if (ext != ".tree" && ext != ".diag") continue;
    fs::path source = p;
    source.replace_extension(".nix");
    const bool orphan = !fs::exists(source) || (ext == ".diag" && !diagAllowed);
    if (!orphan) continue;
    if (updating()) {
      fs::remove(p, ec);
      MESSAGE("removed " << p.filename().string());
    } else {
      FAIL_CHECK(p.filename().string()
                 << " has no matching .nix file (or is a .diag in ok/); delete it or run with "
                    "FLAKEWISE_UPDATE_GOLDEN=1");
    }
  }
}

}  // namespace

TEST_CASE("parser golden files: ok/") {
  const fs::path dir = testsDir("parser/ok");
  const std::vector<fs::path> files = nixFiles(dir);
  REQUIRE_MESSAGE(!files.empty(), "no .nix files in " << dir.string());
  for (const fs::path& file : files) {
    const std::string name = "ok/" + file.filename().string();
    INFO("file: " << name);
    const std::optional<std::string> text = readBytes(file);
    REQUIRE_MESSAGE(text, "cannot read " << name);
    const SyntaxTreePtr tree = SyntaxTree::parse(*text);
    CHECK_MESSAGE(!tree->root().hasError(), name << " has ERROR or MISSING nodes");
    const std::string diags = formatDiagnostics(*tree);
    CHECK_MESSAGE(diags.empty(), name << " has diagnostics:\n" << diags);
    fs::path golden = file;
    compareGolden(golden.replace_extension(".tree"), dumpTree(*tree));
  }
  checkOrphans(dir, /*diagAllowed=*/false);
}

TEST_CASE("parser golden files: err/") {
  const fs::path dir = testsDir("parser/err");
  const std::vector<fs::path> files = nixFiles(dir);
  REQUIRE_MESSAGE(!files.empty(), "no .nix files in " << dir.string());
  for (const fs::path& file : files) {
    const std::string name = "err/" + file.filename().string();
    INFO("file: " << name);
    const std::optional<std::string> text = readBytes(file);
    REQUIRE_MESSAGE(text, "cannot read " << name);
    const SyntaxTreePtr tree = SyntaxTree::parse(*text);
    CHECK_MESSAGE(countSyntaxErrors(*tree) > 0, name << " has no syntax-error diagnostic");
    fs::path tree_golden = file, diag_golden = file;
    compareGolden(tree_golden.replace_extension(".tree"), dumpTree(*tree));
    compareGolden(diag_golden.replace_extension(".diag"), formatDiagnostics(*tree));
  }
  checkOrphans(dir, /*diagAllowed=*/true);
}

}  // namespace fw
