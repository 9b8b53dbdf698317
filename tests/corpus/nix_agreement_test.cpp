// Syntax agreement with the real Nix parser.
//
// For every file of tests/parser/ok, tests/parser/err and tests/syntax, runs
// `nix-instantiate --parse FILE` and checks that flakewise's verdict matches
// Nix's: when Nix accepts the file, `fileDiagnostics` has no syntax-error;
// when Nix rejects it while parsing, there is at least one.
//
// What a file is meant to be is fixed by where it lives: parser/ok and
// syntax/ok-* must be accepted by Nix, parser/err and syntax/err-* rejected
// with a parse-time error. A file Nix judges otherwise is a corpus mistake
// and fails the test, so the corpus cannot drift when Nix changes.
//
// Nix also rejects some files for reasons that are not syntax, after the
// parse succeeded (see kSemanticErrors). Such files have no place in the
// corpus: every free variable must be bound. A corpus file rejected that way
// fails the test, naming the message.
//
// tests/syntax/known_disagreements.txt lists files (relative to tests/) on
// which flakewise and Nix are known to disagree; KNOWN_DISAGREEMENTS.md
// explains each. For those the test asserts that they *still* disagree, so
// a parser fix shows up as a failure asking to remove the entry.
//
// nix-instantiate must be installed (scripts/setup.sh --tests installs
// nix-bin); the test fails if it is missing. FLAKEWISE_NIX_INSTANTIATE in the
// environment overrides the command.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "analysis/features.h"
#include "corpus_files.h"
#include "parser/syntax_diagnostics.h"
#include "parser/syntax_tree.h"
#include "tests/support/lsp_client.h"

namespace fw {
namespace {

namespace fs = std::filesystem;
using namespace fw::test::corpus;

// Messages of errors Nix raises after parsing, while binding names: a file
// rejected with one of these parsed fine. Everything else Nix reports from
// `--parse` ("syntax error, …", "invalid integer …", "path has a trailing
// slash", "unexpected invalid token", …) is a parse-time rejection.
constexpr const char* kSemanticErrors[] = {
    "undefined variable",                  // free name
    "already defined",                     // attribute 'a' already defined at …
    "duplicate formal function argument",  // { a, a }: …
    "dynamic attributes not allowed",      // in let / inherit, depending on the version
    "URL literals are disabled",           // experimental feature no-url-literals
};

enum class NixVerdict { Accepted, SyntaxError, SemanticError, Failed };

struct NixResult {
  NixVerdict verdict = NixVerdict::Failed;
  std::string message;  // first "error: …" line, or what went wrong
};

NixResult runNix(const fs::path& file) {
  const fw::test::RunResult r = fw::test::run({nixCommand(), "--parse", file.string()});
  NixResult out;
  if (r.code == 0) {
    out.verdict = NixVerdict::Accepted;
    return out;
  }
  // The first line that starts with "error:" names the problem.
  std::istringstream lines(r.err);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("error:", 0) == 0) {
      out.message = line;
      break;
    }
  }
  if (r.code != 1 || out.message.empty()) {
    out.verdict = NixVerdict::Failed;
    out.message = "exit code " + std::to_string(r.code) + ": " + r.err.substr(0, 300);
    return out;
  }
  out.verdict = NixVerdict::SyntaxError;
  for (const char* s : kSemanticErrors) {
    if (out.message.find(s) != std::string::npos) out.verdict = NixVerdict::SemanticError;
  }
  return out;
}

struct Expectation {
  fs::path file;
  std::string name;  // relative to tests/, as in known_disagreements.txt
  bool nixShouldAccept = true;
};

std::string firstSyntaxError(const SyntaxTree& tree, const std::vector<Diagnostic>& diags) {
  for (const Diagnostic& d : diags) {
    if (d.code != kSyntaxError) continue;
    const Position p = tree.lines().position(d.range.start, PositionEncoding::Utf8);
    return std::to_string(p.line + 1) + ":" + std::to_string(p.character + 1) + " " + d.message;
  }
  return "";
}

// Runs Nix and flakewise on each file and reports, by name, every file
// that is not what its place says, and every disagreement that is not
// listed (or listed but gone).
void checkAgreement(const std::string& label, const std::vector<Expectation>& files) {
  requireNix();
  REQUIRE_MESSAGE(!files.empty(), "no files for " << label);
  const std::set<std::string> known = listFile("syntax/known_disagreements.txt");
  std::vector<std::string> corpusMistakes, newDisagreements, nowAgree;
  for (const Expectation& x : files) {
    const NixResult nix = runNix(x.file);
    if (nix.verdict == NixVerdict::Failed) {
      corpusMistakes.push_back(x.name + ": nix-instantiate failed: " + nix.message);
      continue;
    }
    if (nix.verdict == NixVerdict::SemanticError) {
      corpusMistakes.push_back(x.name + ": Nix rejects it for a reason that is not syntax (" +
                               nix.message + "); bind every free name");
      continue;
    }
    const bool nixAccepts = nix.verdict == NixVerdict::Accepted;
    if (nixAccepts != x.nixShouldAccept) {
      corpusMistakes.push_back(x.name + ": expected Nix to " +
                               (x.nixShouldAccept ? "accept it" : "reject it") + ", but " +
                               (nixAccepts ? "it accepts it" : "it says: " + nix.message));
      continue;
    }
    const std::optional<std::string> text = readBytes(x.file);
    if (!text) {
      corpusMistakes.push_back(x.name + ": cannot read the file");
      continue;
    }
    const SyntaxTreePtr tree = SyntaxTree::parse(*text);
    const std::vector<Diagnostic> diags = fileDiagnostics(*tree);
    const std::string fwError = firstSyntaxError(*tree, diags);
    const bool fwAccepts = fwError.empty();
    const bool agree = fwAccepts == nixAccepts;
    if (known.count(x.name)) {
      if (agree) nowAgree.push_back(x.name);
      continue;
    }
    if (!agree) {
      newDisagreements.push_back(
          x.name + ": Nix " + (nixAccepts ? "accepts it" : "rejects it (" + nix.message + ")") +
          ", flakewise " + (fwAccepts ? "reports no syntax-error" : "reports " + fwError));
    }
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& e : v) s += "\n  " + e;
    return s;
  };
  CHECK_MESSAGE(corpusMistakes.empty(), label << ": " << corpusMistakes.size()
                                              << " corpus file(s) are not what their "
                                              << "directory or name says:" << join(corpusMistakes));
  CHECK_MESSAGE(newDisagreements.empty(),
                label << ": flakewise and Nix disagree on " << newDisagreements.size()
                      << " file(s):" << join(newDisagreements)
                      << "\n(fix the parser, or list the file in "
                         "tests/syntax/known_disagreements.txt and explain it in "
                         "KNOWN_DISAGREEMENTS.md)");
  CHECK_MESSAGE(nowAgree.empty(),
                label << ": these files are listed as known disagreements but flakewise now "
                      << "agrees with Nix; remove them from tests/syntax/known_disagreements.txt "
                         "and KNOWN_DISAGREEMENTS.md:"
                      << join(nowAgree));
}

std::vector<Expectation> directory(const std::string& relative, bool nixShouldAccept) {
  std::vector<Expectation> out;
  for (const fs::path& f : nixFiles(testsDir(relative)))
    out.push_back({f, relative + "/" + f.filename().string(), nixShouldAccept});
  return out;
}

}  // namespace

TEST_CASE("nix agreement: parser/ok") {
  checkAgreement("parser/ok", directory("parser/ok", true));
}

TEST_CASE("nix agreement: parser/err") {
  checkAgreement("parser/err", directory("parser/err", false));
}

TEST_CASE("nix agreement: syntax/") {
  std::vector<Expectation> files;
  std::vector<std::string> badNames;
  for (const fs::path& f : nixFiles(testsDir("syntax"))) {
    const std::string base = f.filename().string();
    const std::string name = "syntax/" + base;
    if (base.rfind("ok-", 0) == 0)
      files.push_back({f, name, true});
    else if (base.rfind("err-", 0) == 0)
      files.push_back({f, name, false});
    else
      badNames.push_back(name);
  }
  CHECK_MESSAGE(
      badNames.empty(),
      "tests/syntax files must be named ok-*.nix (Nix accepts them) "
      "or err-*.nix (Nix rejects them while parsing): "
          << [&] {
               std::string s;
               for (const std::string& n : badNames) s += " " + n;
               return s;
             }());
  // Every listed disagreement must name an existing file.
  for (const std::string& entry : listFile("syntax/known_disagreements.txt")) {
    CHECK_MESSAGE(fs::exists(testsDir(entry)),
                  "known_disagreements.txt lists " << entry << ", which does not exist");
  }
  checkAgreement("syntax", files);
}

}  // namespace fw
