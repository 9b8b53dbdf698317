// Differential test of the evaluator against the real Nix.
//
// Every case of tests/eval/cases/*.txt (one expression per line, or a
// multi-line expression between two `---` lines; `#` lines are comments;
// @FILES@ stands for the absolute path of tests/eval/files) is evaluated by
// `nix-instantiate --eval --strict --json -E` and by flakewise's evaluator
// in-process. Both must succeed with the same JSON text, or both must fail
// with the same kind of error (classified from Nix's message, see
// nixErrorClass). Cases flakewise evaluates are checked against Nix in
// batches (a list of 25 cases, one nix process); a batch that differs is
// rechecked case by case, so every case is compared on its own.
//
// tests/eval/known_differences.txt lists cases (by their text) where
// flakewise differs on purpose; the test asserts that they still differ, so
// a fix shows up as a failure asking to remove the entry.
//
// nix-instantiate must be installed (scripts/setup.sh --tests installs
// nix-bin); the test fails if it is missing. FLAKEWISE_NIX_INSTANTIATE
// overrides the command. Nix runs in parallel (4 processes at a time).

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "analysis/eval/compile.h"
#include "analysis/eval/evaluator.h"
#include "analysis/eval/print.h"
#include "corpus_files.h"
#include "server/eval_files.h"
#include "tests/support/lsp_client.h"

namespace fw {
namespace {

namespace fs = std::filesystem;
using namespace fw::eval;
using fw::test::corpus::nixCommand;

struct Case {
  std::string file;
  int line = 0;
  std::string text;
};

fs::path evalDir() {
  return fs::path(FLAKEWISE_SOURCE_DIR) / "tests" / "eval";
}

std::string substitute(std::string s) {
  const std::string files = (evalDir() / "files").string();
  for (std::size_t p = s.find("@FILES@"); p != std::string::npos; p = s.find("@FILES@", p)) {
    s.replace(p, 7, files);
  }
  return s;
}

std::vector<Case> loadCases(const std::string& dir = "cases") {
  std::vector<Case> out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(evalDir() / dir)) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::ifstream in(f);
    std::string line;
    int n = 0;
    std::optional<Case> multi;
    while (std::getline(in, line)) {
      ++n;
      if (line == "---") {
        if (multi) {
          if (!multi->text.empty() && multi->text.back() == '\n') multi->text.pop_back();
          out.push_back(*multi);
          multi.reset();
        } else {
          multi = Case{f.filename().string(), n + 1, ""};
        }
        continue;
      }
      if (multi) {
        multi->text += line + "\n";
        continue;
      }
      if (line.empty() || line[0] == '#') continue;
      out.push_back({f.filename().string(), n, line});
    }
  }
  return out;
}

// What went wrong, in classes both evaluators can agree on.
std::string nixErrorClass(const std::string& msg) {
  struct Rule {
    const char* needle;
    const char* cls;
  };
  static const Rule rules[] = {
      {"json.exception", "other"},
      {"while parsing a TOML string", "other"},
      {"contains illegal character", "other"},
      {"contains an illegal character", "other"},
      {"'path' required", "other"},
      {"is not in the Nix store", "other"},
      {"undefined variable", "undefined-variable"},
      {"syntax error", "syntax"},
      {"invalid integer", "syntax"},
      {"already defined", "duplicate-attribute"},
      {"duplicate formal function argument", "syntax"},
      {"dynamic attributes not allowed", "syntax"},
      {"infinite recursion encountered", "recursion"},
      {"stack overflow", "recursion"},
      {"assertion", "assertion"},
      {"evaluation aborted", "abort"},
      {"division by zero", "division-by-zero"},
      {"overflow in integer division", "overflow"},
      {"called without required argument", "missing-argument"},
      {"called with unexpected argument", "unexpected-argument"},
      {"attempt to call something which is not a function", "not-a-function"},
      {"is out of bounds", "index-out-of-bounds"},
      {"called on an empty list", "index-out-of-bounds"},
      {"attribute '", "missing-attribute"},  // "attribute 'x' missing"
      {"value is ", "type"},
      {"cannot coerce", "type"},
      {"cannot add", "type"},
      {"cannot compare", "type"},
      {"cannot convert", "type"},
      {"doesn't represent an absolute path", "type"},
      {"was not found in the Nix search path", "search-path"},
      {"getting status of", "file-access"},
      {"No such file or directory", "file-access"},
      {"unknown hash algorithm", "other"},
      {"has wrong length for hash type", "other"},
      {"invalid regular expression", "other"},
      {"negative start position", "other"},
      {"cannot create list of size", "other"},
      {"different lengths", "other"},
      {"json", "other"},
      {"JSON", "other"},
  };
  for (const Rule& r : rules) {
    if (msg.find(r.needle) != std::string::npos) return r.cls;
  }
  return "throw";  // a message Nix does not make itself: a user's throw
}

std::string ourErrorClass(const EvalFailure& f) {
  switch (f.kind) {
    case ErrorKind::Syntax:
      return "syntax";
    case ErrorKind::UndefinedVariable:
      return "undefined-variable";
    case ErrorKind::Type:
      return "type";
    case ErrorKind::MissingAttribute:
      return "missing-attribute";
    case ErrorKind::DuplicateAttribute:
      return "duplicate-attribute";
    case ErrorKind::InfiniteRecursion:
    case ErrorKind::Limit:
      return "recursion";
    case ErrorKind::Assertion:
      return "assertion";
    case ErrorKind::Throw:
      return "throw";
    case ErrorKind::Abort:
      return "abort";
    case ErrorKind::DivisionByZero:
      return "division-by-zero";
    case ErrorKind::Overflow:
      return "overflow";
    case ErrorKind::MissingArgument:
      return "missing-argument";
    case ErrorKind::UnexpectedArgument:
      return "unexpected-argument";
    case ErrorKind::NotAFunction:
      return "not-a-function";
    case ErrorKind::IndexOutOfBounds:
      return "index-out-of-bounds";
    case ErrorKind::FileAccess:
      return "file-access";
    case ErrorKind::SearchPath:
      return "search-path";
    default:
      return "other";
  }
}

struct Result {
  bool ok = false;
  std::string out;    // JSON on success
  std::string error;  // first error line on failure
  std::string cls;
};

Result runNix(const std::string& expr) {
  // A leading space keeps `-1` from being read as an option.
  const test::RunResult r = test::run(
      {"env", "-u", "NIX_PATH", nixCommand(), "--eval", "--strict", "--json", "-E", " " + expr}, "",
      std::chrono::seconds(60));
  Result out;
  if (r.code == 0) {
    out.ok = true;
    out.out = r.out;
    return out;
  }
  std::istringstream lines(r.err);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("error: ", 0) == 0) {
      out.error = line.substr(7);
      break;
    }
  }
  if (out.error.empty()) out.error = r.err.empty() ? "exit code " + std::to_string(r.code) : r.err;
  out.cls = nixErrorClass(out.error);
  return out;
}

Result runOurs(Evaluator& ev, const std::string& expr) {
  EvalSettings settings;
  settings.allowedRoots = {evalDir().string(), fs::current_path().string()};
  settings.budget.maxSteps = 20'000'000;
  Evaluation run(ev, settings);
  auto r = run.run<std::string>([&] {
    EvalState& st = run.state();
    SourceFilePtr src = compile(ev.runtime(), SyntaxTree::parse(expr),
                                {"«string»", fs::current_path().string(), ""});
    if (!src->problems.empty()) {
      const CompileProblem& p = src->problems.front();
      throw EvalError(static_cast<ErrorKind>(p.kind), p.message);
    }
    Value v;
    st.eval(src->root, nullptr, v);
    std::string out;
    printJson(st, v, true, nullptr, out);
    return out;
  });
  Result out;
  if (r.ok()) {
    out.ok = true;
    out.out = *r.value;
  } else {
    out.error = r.error->message;
    out.cls = ourErrorClass(*r.error);
  }
  return out;
}

bool agree(const Result& nix, const Result& ours) {
  if (nix.ok != ours.ok) return false;
  if (nix.ok) return nix.out == ours.out;
  if (nix.cls == ours.cls) return true;
  // A user's throw: the messages must match.
  return ours.cls == "throw" && nix.cls == "throw" && nix.error == ours.error;
}

std::set<std::string> knownDifferences() {
  std::set<std::string> out;
  std::ifstream in(evalDir() / "known_differences.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    out.insert(line);
  }
  return out;
}

TEST_CASE("evaluator agrees with nix-instantiate --eval --strict --json") {
  const test::RunResult probe = test::run({nixCommand(), "--version"});
  REQUIRE_MESSAGE(probe.code == 0,
                  "nix-instantiate is required for this test (apt-get install nix-bin)");

  const std::vector<Case> cases = loadCases();
  REQUIRE(cases.size() >= 400);
  const std::set<std::string> known = knownDifferences();

  // flakewise first, in this process. Then Nix: the cases flakewise
  // evaluated are sent in batches of 25 as one list (one nix process per
  // batch, since starting Nix costs more than most cases); a batch whose
  // JSON differs from ours, and every case flakewise rejected, is run on
  // its own. Up to 4 nix processes run at a time.
  Evaluator ev(std::make_shared<server::DiskFileSystem>());
  std::vector<Result> ours(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) ours[i] = runOurs(ev, substitute(cases[i].text));

  std::vector<std::vector<std::size_t>> jobs;
  std::vector<std::size_t> batch;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (!ours[i].ok) {
      jobs.push_back({i});
      continue;
    }
    batch.push_back(i);
    if (batch.size() == 25) {
      jobs.push_back(batch);
      batch.clear();
    }
  }
  if (!batch.empty()) jobs.push_back(batch);

  std::vector<Result> nix(cases.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> processes{0};
  auto work = [&] {
    for (std::size_t j = next++; j < jobs.size(); j = next++) {
      const std::vector<std::size_t>& group = jobs[j];
      if (group.size() > 1) {
        std::string list = "[", expected = "[";
        for (std::size_t k = 0; k < group.size(); ++k) {
          list += "\n(\n" + substitute(cases[group[k]].text) + "\n)";
          if (k) expected += ",";
          expected += ours[group[k]].out;
        }
        list += "\n]";
        expected += "]";
        const Result r = runNix(list);
        ++processes;
        if (r.ok && r.out == expected) {
          for (std::size_t i : group) nix[i] = ours[i];
          continue;
        }
      }
      for (std::size_t i : group) {
        nix[i] = runNix(substitute(cases[i].text));
        ++processes;
      }
    }
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) workers.emplace_back(work);
  for (std::thread& t : workers) t.join();
  MESSAGE(processes.load() << " nix-instantiate processes for " << cases.size() << " cases");

  std::size_t agreed = 0, failedBoth = 0;
  std::set<std::string> stillKnown;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const bool same = agree(nix[i], ours[i]);
    if (known.count(c.text)) {
      stillKnown.insert(c.text);
      CHECK_MESSAGE(!same, c.file << ":" << c.line
                                  << ": now agrees with Nix; remove it from known_differences.txt: "
                                  << c.text);
      continue;
    }
    if (same) {
      ++agreed;
      if (!nix[i].ok) ++failedBoth;
      continue;
    }
    std::ostringstream msg;
    msg << c.file << ":" << c.line << ": " << c.text
        << "\n  nix:  " << (nix[i].ok ? nix[i].out : "error [" + nix[i].cls + "] " + nix[i].error)
        << "\n  ours: "
        << (ours[i].ok ? ours[i].out : "error [" + ours[i].cls + "] " + ours[i].error);
    FAIL_CHECK(msg.str());
  }
  for (const std::string& k : known) {
    CHECK_MESSAGE(stillKnown.count(k),
                  "known_differences.txt names a case that does not exist: " << k);
  }
  MESSAGE(agreed << " of " << cases.size() << " cases agree with Nix (" << failedBoth
                 << " of them are errors in both)");
}

// Printing like nix-instantiate --eval, with and without --strict: <CODE>
// for what is not evaluated, «repeated», attribute name quoting, floats.
TEST_CASE("evaluator prints values like nix-instantiate --eval") {
  const test::RunResult probe = test::run({nixCommand(), "--version"});
  REQUIRE_MESSAGE(probe.code == 0,
                  "nix-instantiate is required for this test (apt-get install nix-bin)");
  const std::vector<Case> cases = loadCases("print");
  REQUIRE(cases.size() >= 40);
  Evaluator ev(std::make_shared<server::DiskFileSystem>());
  for (const Case& c : cases) {
    const std::string expr = substitute(c.text);
    for (const bool strict : {false, true}) {
      std::vector<std::string> argv = {"env", "-u", "NIX_PATH", nixCommand(), "--eval"};
      if (strict) argv.push_back("--strict");
      argv.insert(argv.end(), {"-E", " " + expr});
      const test::RunResult nix = test::run(argv);
      REQUIRE_MESSAGE(nix.code == 0, c.file << ":" << c.line << ": Nix failed: " << nix.err);
      EvalSettings settings;
      settings.allowedRoots = {evalDir().string(), fs::current_path().string()};
      Evaluation run(ev, settings);
      auto v = run.evalExpr(expr, fs::current_path().string());
      REQUIRE_MESSAGE(v.ok(), c.file << ":" << c.line << ": " << v.error->message);
      auto printed = run.print(*v.value, strict);
      REQUIRE_MESSAGE(printed.ok(), c.file << ":" << c.line << ": " << printed.error->message);
      CHECK_MESSAGE(*printed.value + "\n" == nix.out,
                    c.file << ":" << c.line << (strict ? " (--strict)" : "") << ": " << c.text
                           << "\n  nix:  " << nix.out << "  ours: " << *printed.value);
    }
  }
}

}  // namespace
}  // namespace fw
