// Semantic agreement with the real Nix: names and attributes.
//
// For every file of tests/semantic, runs `nix-instantiate --parse FILE` and
// compares the errors Nix raises while parsing and binding names with
// flakewise's diagnostics:
//
//   Nix message                                   flakewise code
//   undefined variable 'x'                        undefined-variable
//   attribute 'a.b' already defined at …          duplicate-attribute
//   duplicate formal function argument 'a'        duplicate-formal
//   dynamic attributes not allowed in let         dynamic-let-attribute
//
// ok-*.nix files are accepted by Nix: flakewise must report none of these
// four codes on them (whatever the severity). err-*.nix files are rejected
// by Nix with exactly one of these messages: flakewise must report the
// matching code with a range that starts where Nix points (the `at
// FILE:LINE:COL:` line after the message; for "already defined at X" that
// is the later line, not X), and no other diagnostic of the four codes,
// since every err file holds a single error. On no file may flakewise
// report a syntax error: Nix parsed them all.
//
// Nix reports only the first error it meets, so an err file must hold one
// error; a file that Nix judges otherwise than its name says is a corpus
// mistake and fails the test.
//
// tests/semantic/known_disagreements.txt lists files (relative to tests/)
// on which flakewise and Nix are known to disagree; KNOWN_DISAGREEMENTS.md
// explains each. For those the test asserts that they *still* disagree, so
// a fix in analysis/ shows up as a failure asking to remove the entry.
//
// nix-instantiate must be installed (scripts/setup.sh --tests installs
// nix-bin); the test fails if it is missing. FLAKEWISE_NIX_INSTANTIATE in
// the environment overrides the command. The ok files go to Nix in one call
// and the err files several at a time, so that the corpus takes seconds.

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "analysis/diagnostic_codes.h"
#include "analysis/features.h"
#include "corpus_files.h"
#include "parser/syntax_diagnostics.h"
#include "parser/syntax_tree.h"
#include "tests/support/lsp_client.h"

namespace fw {
namespace {

namespace fs = std::filesystem;
using namespace fw::test::corpus;

// What Nix says → the flakewise code with the same meaning.
struct ErrorKind {
  std::string_view nixText;  // found in Nix's "error: …" line
  std::string_view code;
};
constexpr ErrorKind kKinds[] = {
    {"undefined variable '", code::UndefinedVariable},
    {"' already defined at ", code::DuplicateAttribute},
    {"duplicate formal function argument '", code::DuplicateFormal},
    {"dynamic attributes not allowed in let", code::DynamicLetAttribute},
};

bool isComparedCode(std::string_view c) {
  return std::any_of(std::begin(kKinds), std::end(kKinds),
                     [&](const ErrorKind& k) { return k.code == c; });
}

// One line:column, both 1-based; Nix's columns count bytes.
struct LineCol {
  std::uint32_t line = 0, col = 0;
  friend bool operator==(const LineCol&, const LineCol&) = default;
};

std::string show(LineCol p) {
  return std::to_string(p.line) + ":" + std::to_string(p.col);
}

// What `nix-instantiate --parse` said about one file.
struct NixReport {
  bool ran = false;       // false: it could not be run, or its output is unreadable
  bool accepted = false;  // exit code 0
  std::string message;    // the first "error: …" line, without "error: "
  std::string code;       // the flakewise code of the message; empty if none matches
  std::optional<LineCol> at;
  std::string problem;  // when !ran: what went wrong
};

std::string stripAnsi(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      i += 2;
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~')) ++i;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

// Reads "FILE:LINE:COL" off the end of `s` (the file name may hold ':').
std::optional<LineCol> trailingLineCol(std::string_view s) {
  auto number = [&](std::uint32_t& out) {
    const std::size_t colon = s.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == s.size()) return false;
    std::uint32_t v = 0;
    for (const char c : s.substr(colon + 1)) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<std::uint32_t>(c - '0');
    }
    out = v;
    s = s.substr(0, colon);
    return true;
  };
  LineCol p;
  if (!number(p.col) || !number(p.line) || s.empty()) return std::nullopt;
  return p;
}

// Nix 2.8 prints
//
//   error: attribute 'a' already defined at /dir/f.nix:1:3
//
//          at /dir/f.nix:1:10:
//
//               1| { a = 1; a = 2; }
//                |          ^
//
// The first "error:" line is the message; the first "at FILE:L:C:" line
// after it is where the error is.
NixReport readNixOutput(int exitCode, std::string_view stderrText) {
  NixReport out;
  if (exitCode == 0) {
    out.ran = out.accepted = true;
    return out;
  }
  const std::string text = stripAnsi(stderrText);
  std::istringstream lines(text);
  std::string line;
  bool seenError = false;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!seenError) {
      if (line.rfind("error: ", 0) == 0) {
        seenError = true;
        out.message = line.substr(7);
      }
      continue;
    }
    const std::size_t b = line.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    std::string_view l(line);
    l.remove_prefix(b);
    if (l.rfind("at ", 0) == 0 && l.back() == ':') {
      out.at = trailingLineCol(l.substr(3, l.size() - 4));
      break;
    }
  }
  if (exitCode != 1 || !seenError) {
    out.problem =
        "exit code " + std::to_string(exitCode) + ": " + std::string(stderrText.substr(0, 300));
    return out;
  }
  out.ran = true;
  for (const ErrorKind& k : kKinds) {
    if (out.message.find(k.nixText) != std::string::npos) out.code = k.code;
  }
  return out;
}

// Runs Nix on every file; results in the files' order. Files expected to
// be accepted go in one call first (Nix stops at the first file it rejects,
// so this only settles the case where it accepts them all); the others run
// one per call, several at a time.
std::vector<NixReport> runNixOnAll(const std::vector<fs::path>& files,
                                   const std::vector<bool>& expectAccepted) {
  std::vector<NixReport> out(files.size());
  const std::string cmd = nixCommand();
  std::vector<std::size_t> single;
  std::vector<std::string> batch{cmd, "--parse"};
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (expectAccepted[i])
      batch.push_back(files[i].string());
    else
      single.push_back(i);
  }
  if (batch.size() > 2) {
    bool allAccepted = false;
    try {
      allAccepted = fw::test::run(batch).code == 0;
    } catch (const std::exception&) {
      // Each file is run (and its failure reported) by itself below.
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (!expectAccepted[i]) continue;
      if (allAccepted)
        out[i] = readNixOutput(0, "");
      else
        single.push_back(i);
    }
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t k = next++; k < single.size(); k = next++) {
      const std::size_t i = single[k];
      try {
        const fw::test::RunResult r = fw::test::run({cmd, "--parse", files[i].string()});
        out[i] = readNixOutput(r.code, r.err);
      } catch (const std::exception& e) {
        out[i].problem = std::string("running nix-instantiate failed: ") + e.what();
      }
    }
  };
  const unsigned n = std::clamp(std::thread::hardware_concurrency(), 2u, 8u);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < n; ++t) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  return out;
}

// flakewise's diagnostics of the four compared codes, and its syntax
// errors, with 1-based byte positions.
struct FwDiag {
  std::string code;
  LineCol start, end;
  std::string message;
};

std::string show(const FwDiag& d) {
  return d.code + " " + show(d.start) + "-" + show(d.end) + " \"" + d.message + "\"";
}

std::vector<FwDiag> flakewiseDiagnostics(const std::string& text) {
  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  std::vector<FwDiag> out;
  auto at = [&](ByteOffset o) {
    const Position p = tree->lines().position(o, PositionEncoding::Utf8);
    return LineCol{p.line + 1, p.character + 1};
  };
  for (const Diagnostic& d : fileDiagnostics(*tree)) {
    if (d.code != kSyntaxError && !isComparedCode(d.code)) continue;
    out.push_back({d.code, at(d.range.start), at(d.range.end), d.message});
  }
  return out;
}

std::string describeNix(const NixReport& nix) {
  if (nix.accepted) return "accepts it";
  return "error: " + nix.message + (nix.at ? " (at " + show(*nix.at) + ")" : " (no location)");
}

std::string describeFlakewise(const std::vector<FwDiag>& diags) {
  if (diags.empty()) return "reports none of the compared codes";
  std::string s = "reports";
  for (std::size_t i = 0; i < diags.size(); ++i) s += (i ? "; " : " ") + show(diags[i]);
  return s;
}

// Whether flakewise agrees with Nix on one file whose Nix verdict matches
// its name (checked before).
bool agrees(const NixReport& nix, const std::vector<FwDiag>& diags) {
  if (nix.accepted) return diags.empty();
  // Exactly one diagnostic of the compared codes (and no syntax error), of
  // the right code, starting where Nix points.
  return diags.size() == 1 && diags[0].code == nix.code && nix.at && diags[0].start == *nix.at;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& e : v) s += "\n  " + e;
  return s;
}

}  // namespace

TEST_CASE("semantic agreement: reading nix-instantiate's errors") {
  const NixReport dup = readNixOutput(1,
                                      "error: attribute 'a' already defined at /t/a:b.nix:1:3\n\n"
                                      "       at /t/a:b.nix:1:10:\n\n"
                                      "            1| { a = 1; a = 2; }\n"
                                      "             |          ^\n");
  CHECK(dup.ran);
  CHECK(dup.code == code::DuplicateAttribute);
  REQUIRE(dup.at);
  CHECK(*dup.at == LineCol{1, 10});

  const NixReport undef =
      readNixOutput(1,
                    "\x1b[31;1merror:\x1b[0m undefined variable '\x1b[35;1mx\x1b[0m'\n\n"
                    "       at \x1b[35;1m/t/f.nix\x1b[0m:12:7:\n");
  CHECK(undef.code == code::UndefinedVariable);
  REQUIRE(undef.at);
  CHECK(*undef.at == LineCol{12, 7});

  CHECK(readNixOutput(1, "error: duplicate formal function argument 'a'\n\n       at /f.nix:2:1:\n")
            .code == code::DuplicateFormal);
  CHECK(readNixOutput(1, "error: dynamic attributes not allowed in let\n\n       at /f.nix:1:4:\n")
            .code == code::DynamicLetAttribute);
  CHECK(readNixOutput(1, "error: syntax error, unexpected ';'\n\n       at /f.nix:1:4:\n")
            .code.empty());
  CHECK(readNixOutput(0, "").accepted);
  CHECK_FALSE(readNixOutput(127, "").ran);
}

TEST_CASE("semantic agreement: tests/semantic") {
  requireNix();
  const std::vector<fs::path> files = nixFiles(testsDir("semantic"));
  REQUIRE_MESSAGE(!files.empty(), "no files in tests/semantic");

  std::vector<std::string> badNames;
  std::size_t okCount = 0, errCount = 0;
  for (const fs::path& f : files) {
    const std::string base = f.filename().string();
    if (base.rfind("ok-", 0) == 0)
      ++okCount;
    else if (base.rfind("err-", 0) == 0)
      ++errCount;
    else
      badNames.push_back("semantic/" + base);
  }
  CHECK_MESSAGE(badNames.empty(),
                "tests/semantic files must be named ok-*.nix (Nix accepts "
                "them) or err-*.nix (Nix rejects them with one of the "
                "compared errors):"
                    << join(badNames));
  CHECK(okCount > 0);
  CHECK(errCount > 0);

  const std::set<std::string> known = listFile("semantic/known_disagreements.txt");
  for (const std::string& entry : known) {
    CHECK_MESSAGE(fs::exists(testsDir(entry)),
                  "semantic/known_disagreements.txt lists " << entry << ", which does not exist");
  }

  std::vector<bool> expectAccepted;
  for (const fs::path& f : files)
    expectAccepted.push_back(f.filename().string().rfind("ok-", 0) == 0);
  const std::vector<NixReport> nix = runNixOnAll(files, expectAccepted);
  std::vector<std::string> corpusMistakes, newDisagreements, nowAgree;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string base = files[i].filename().string();
    const std::string name = "semantic/" + base;
    const bool shouldAccept = base.rfind("ok-", 0) == 0;
    if (!shouldAccept && base.rfind("err-", 0) != 0) continue;  // reported above
    const NixReport& n = nix[i];
    if (!n.ran) {
      corpusMistakes.push_back(name + ": nix-instantiate failed: " + n.problem);
      continue;
    }
    if (shouldAccept && !n.accepted) {
      corpusMistakes.push_back(name + ": expected Nix to accept it, but it says: " + n.message);
      continue;
    }
    if (!shouldAccept) {
      if (n.accepted) {
        corpusMistakes.push_back(name + ": expected Nix to reject it, but it accepts it");
        continue;
      }
      if (n.code.empty()) {
        corpusMistakes.push_back(name + ": Nix rejects it for another reason: " + n.message);
        continue;
      }
      if (!n.at) {
        corpusMistakes.push_back(name +
                                 ": no `at FILE:LINE:COL:` line after Nix's error: " + n.message);
        continue;
      }
    }
    const std::optional<std::string> text = readBytes(files[i]);
    if (!text) {
      corpusMistakes.push_back(name + ": cannot read the file");
      continue;
    }
    const std::vector<FwDiag> diags = flakewiseDiagnostics(*text);
    const bool agree = agrees(n, diags);
    if (known.count(name)) {
      if (agree) {
        nowAgree.push_back(name);
      } else if (!shouldAccept && name != "semantic/err-dup-escape-equals-plain.nix") {
        // A kept location difference: the same error, exactly once, only
        // somewhere else (KNOWN_DISAGREEMENTS.md, groups 5-10).
        const auto same = std::count_if(diags.begin(), diags.end(),
                                        [&](const FwDiag& d) { return d.code == n.code; });
        if (same != 1) {
          newDisagreements.push_back(name +
                                     ": listed as a location difference, but flakewise reports " +
                                     std::to_string(same) + " '" + n.code +
                                     "' diagnostics\n      flakewise " + describeFlakewise(diags));
        }
      }
      continue;
    }
    if (!agree) {
      newDisagreements.push_back(name + ":\n      Nix " + describeNix(n) + "\n      flakewise " +
                                 describeFlakewise(diags));
    }
  }

  CHECK_MESSAGE(corpusMistakes.empty(), corpusMistakes.size()
                                            << " file(s) of tests/semantic are not what their name "
                                               "says:"
                                            << join(corpusMistakes));
  CHECK_MESSAGE(newDisagreements.empty(), "flakewise and Nix disagree on "
                                              << newDisagreements.size()
                                              << " file(s):" << join(newDisagreements)
                                              << "\n(fix analysis/, or list the file in "
                                                 "tests/semantic/known_disagreements.txt "
                                                 "and explain it in KNOWN_DISAGREEMENTS.md)");
  CHECK_MESSAGE(nowAgree.empty(),
                "these files are listed as known disagreements but flakewise now agrees with "
                "Nix; remove them from tests/semantic/known_disagreements.txt and "
                "KNOWN_DISAGREEMENTS.md:"
                    << join(nowAgree));
}

}  // namespace fw
