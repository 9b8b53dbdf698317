// The formatter's guarantees on every .nix file of tests/parser/ok,
// tests/syntax/ok-* and examples/:
//
// - the formatted text parses without syntax errors;
// - it means the same: `nix-instantiate --parse` prints the same for it as
//   for the input, up to the order of bindings in sets, lets and formals
//   (Nix 2.8 prints those in the order of its symbols' addresses, which
//   moves with the input's length: appending blank lines to a file can
//   reorder them, so that order carries no meaning);
// - formatting the result again changes nothing;
// - all of this also at a narrow width (40 columns, indent 4), which puts
//   far more of the layouts under pressure.
//
// Files flakewise cannot format are untouched, each for a stated reason:
// a syntax error (the example's deliberate one, and the one known
// disagreement with Nix in tests/syntax/KNOWN_DISAGREEMENTS.md), or a NUL
// byte (after which Nix reads nothing).

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

#include "corpus_files.h"
#include "formatter/format.h"
#include "parser/syntax_diagnostics.h"
#include "tests/support/lsp_client.h"

namespace fw {
namespace {

namespace fs = std::filesystem;
using namespace fw::test::corpus;

// Tokens of nix-instantiate's printed form: strings, brackets, separators
// and words.
std::vector<std::string> printedTokens(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  auto special = [](char c) { return std::string_view("{}()[];,").find(c) != std::string_view::npos; };
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '"') {
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
      out.push_back(s.substr(i, j + 1 - i));
      i = j + 1;
    } else if (special(c)) {
      out.emplace_back(1, c);
      ++i;
    } else {
      std::size_t j = i;
      while (j < s.size() && s[j] != ' ' && s[j] != '\n' && s[j] != '"' && !special(s[j])) ++j;
      out.push_back(s.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

// The printed form with the entries of every `{ … }` and `let … in` sorted.
class Canon {
 public:
  explicit Canon(std::vector<std::string> toks) : t_(std::move(toks)) {}
  std::string run() { return seq({}); }

 private:
  bool at(std::initializer_list<const char*> stops) const {
    if (p_ >= t_.size()) return true;
    for (const char* s : stops)
      if (t_[p_] == s) return true;
    return false;
  }
  std::string seq(std::initializer_list<const char*> stops) {
    std::string out;
    while (!at(stops)) {
      const std::string tok = t_[p_++];
      if (tok == "{") {
        out += block();
      } else if (tok == "let") {
        std::vector<std::string> entries;
        while (p_ < t_.size() && t_[p_] != "in") {
          entries.push_back(seq({";"}));
          ++p_;
        }
        ++p_;
        std::sort(entries.begin(), entries.end());
        out += "let";
        for (const std::string& e : entries) out += " " + e + ";";
        out += " in ";
      } else if (tok == "(" || tok == "[") {
        const std::string close = tok == "(" ? ")" : "]";
        out += tok + seq({close.c_str()}) + close;
        ++p_;
      } else {
        out += tok + " ";
      }
    }
    return out;
  }
  std::string block() {
    std::vector<std::string> entries;
    std::string sep;
    while (p_ < t_.size() && t_[p_] != "}") {
      std::string e = seq({";", ",", "}"});
      if (p_ < t_.size() && (t_[p_] == ";" || t_[p_] == ",")) sep = t_[p_++];
      if (!e.empty()) entries.push_back(std::move(e));
    }
    ++p_;
    std::sort(entries.begin(), entries.end());
    std::string out = "{" + sep;
    for (const std::string& e : entries) out += " " + e;
    return out + "}";
  }

  std::vector<std::string> t_;
  std::size_t p_ = 0;
};

std::string nixParse(const fs::path& dir, const std::string& text) {
  // Paths in the output are resolved against the directory: run in the
  // file's own one, reading standard input.
  const fw::test::RunResult r =
      fw::test::run({"sh", "-c", "cd \"$1\" && exec nix-instantiate --parse -", "sh", dir.string()}, text);
  return "exit " + std::to_string(r.code) + "\n" + Canon(printedTokens(r.out)).run() +
         (r.code != 0 ? r.err : "");
}

std::vector<fs::path> corpus() {
  std::vector<fs::path> files = nixFiles(testsDir("parser/ok"));
  for (const fs::path& f : nixFiles(testsDir("syntax")))
    if (f.filename().string().starts_with("ok-")) files.push_back(f);
  const fs::path examples = fs::path(FLAKEWISE_SOURCE_DIR) / "examples";
  std::vector<fs::path> ex;
  for (const auto& e : fs::recursive_directory_iterator(examples))
    if (e.is_regular_file() && e.path().extension() == ".nix") ex.push_back(e.path());
  std::sort(ex.begin(), ex.end());
  files.insert(files.end(), ex.begin(), ex.end());
  return files;
}

bool hasSyntaxErrors(const SyntaxTree& t) {
  for (const Diagnostic& d : syntaxDiagnostics(t))
    if (d.severity == Severity::Error) return true;
  return false;
}

// Files that are not formatted, and why.
const std::map<std::string, std::string> kRefused = {
    {"syntax/ok-hpath-interpolation-only.nix", "syntax errors"},  // known disagreement with Nix
    {"syntax/ok-nul-byte-ends-input.nix", "NUL byte"},
    {"nur-flake/modules/beacon.nix", "syntax errors"},  // the example's deliberate mistake
};

std::string shortName(const fs::path& p) {
  return p.parent_path().filename().string() + "/" + p.filename().string();
}

void checkCorpus(const FormatOptions& options) {
  std::size_t formatted = 0, refused = 0, changed = 0;
  for (const fs::path& file : corpus()) {
    CAPTURE(file);
    const std::string name = file.string().find("/examples/") != std::string::npos
                                 ? file.parent_path().parent_path().filename().string() + "/" + shortName(file)
                                 : shortName(file);
    const std::optional<std::string> text = readBytes(file);
    REQUIRE(text);
    const SyntaxTreePtr tree = SyntaxTree::parse(*text);
    const FormatResult r = formatDocument(*tree, options);
    const auto expected = kRefused.find(name);
    if (expected != kRefused.end()) {
      REQUIRE_MESSAGE(r.error, name << " was expected to be refused (" << expected->second << ")");
      CHECK(r.error->find(expected->second == "NUL byte" ? "NUL byte" : "syntax errors") != std::string::npos);
      ++refused;
      continue;
    }
    REQUIRE_MESSAGE(!r.error, name << ": " << r.error.value_or(""));
    ++formatted;
    changed += r.text != *text;
    const SyntaxTreePtr again = SyntaxTree::parse(r.text);
    REQUIRE_MESSAGE(!hasSyntaxErrors(*again), name << " formatted:\n" << r.text);
    const FormatResult twice = formatDocument(*again, options);
    REQUIRE(!twice.error);
    CHECK_MESSAGE(twice.text == r.text, name << " is not idempotent: " << firstDifference(r.text, twice.text));
    const std::string before = nixParse(file.parent_path(), *text);
    const std::string after = nixParse(file.parent_path(), r.text);
    CHECK_MESSAGE(before.starts_with("exit 0"), name << ": " << before.substr(0, 300));
    CHECK_MESSAGE(before == after, name << " changed meaning: " << firstDifference(before, after));
  }
  MESSAGE(formatted << " files formatted (" << changed << " changed), " << refused << " refused as expected");
  CHECK(formatted >= 150);
  CHECK(refused == kRefused.size());
}

TEST_CASE("formatter corpus: parses, same meaning for nix-instantiate, idempotent") {
  checkCorpus(FormatOptions{});
}

TEST_CASE("formatter corpus at 40 columns and indent 4: same guarantees") {
  checkCorpus(FormatOptions{4, 40});
}

TEST_CASE("canonical printed form sorts bindings, not lists") {
  CHECK(Canon(printedTokens("{ b = 1; a = [ 2 1 ]; }")).run() ==
        Canon(printedTokens("{ a = [ 2 1 ]; b = 1; }")).run());
  CHECK(Canon(printedTokens("[ 2 1 ]")).run() != Canon(printedTokens("[ 1 2 ]")).run());
  CHECK(Canon(printedTokens("(let b = 1; a = 2; in a)")).run() ==
        Canon(printedTokens("(let a = 2; b = 1; in a)")).run());
}

}  // namespace
}  // namespace fw

namespace fw {
namespace {

TEST_CASE("range formatting anywhere in the corpus: parses, and agrees with whole-file formatting") {
  // For ranges all over every corpus file: the range-formatted text has no
  // syntax errors, and formatting it whole gives exactly what formatting
  // the original whole gives (so range formatting changed nothing but
  // layout, and only inside whole units).
  std::size_t ranges = 0, edited = 0;
  for (const fs::path& file : corpus()) {
    CAPTURE(file);
    const std::optional<std::string> text = readBytes(file);
    REQUIRE(text);
    const SyntaxTreePtr tree = SyntaxTree::parse(*text);
    const FormatResult whole = formatDocument(*tree);
    if (whole.error) continue;
    const std::size_t step = std::max<std::size_t>(1, text->size() / 12);
    for (std::size_t at = 0; at < text->size(); at += step) {
      const auto s = static_cast<ByteOffset>(at);
      const auto e = static_cast<ByteOffset>(std::min(text->size(), at + step / 3));
      const RangeFormatResult r = formatRange(*tree, {s, e});
      ++ranges;
      if (r.edits.empty()) continue;
      ++edited;
      const std::string out = applyEdits(*text, r.edits);
      const SyntaxTreePtr again = SyntaxTree::parse(out);
      REQUIRE_MESSAGE(!hasSyntaxErrors(*again), "range " << s << "-" << e << " gave:\n" << out);
      const FormatResult after = formatDocument(*again);
      REQUIRE(!after.error);
      CHECK_MESSAGE(after.text == whole.text, "range " << s << "-" << e << ": "
                                                        << firstDifference(whole.text, after.text));
    }
  }
  MESSAGE(ranges << " ranges, " << edited << " with edits");
  CHECK(edited > 100);
}

}  // namespace
}  // namespace fw
