// `flakewise check` as CI runs it: output formats, exit codes, directory
// walking.

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {
RunResult check(const std::vector<std::string>& args) {
  std::vector<std::string> argv{flakewiseBinary(), "check"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}
}  // namespace

TEST_CASE("clean files exit 0 with a summary") {
  TempDir d;
  d.write("a.nix", "{ a = 1; }\n");
  d.write("sub/b.nix", "{ b, }: b\n");
  const RunResult r = check({d.path()});
  CHECK(r.code == 0);
  CHECK(r.out == "no problems in 2 files\n");
  CHECK(r.err.empty());
}

TEST_CASE("errors print file:line:col, the source line and a caret, exit 1") {
  TempDir d;
  const std::string f = d.write("flake.nix", "{\n  description = \"x\"\n  outputs = _: { };\n}\n");
  const RunResult r = check({f, "--color", "never"});
  CHECK(r.code == 1);
  CHECK(r.out == f + ":2:20: error: expected ';' after binding [syntax-error]\n"
                     "    description = \"x\"\n"
                     "                     ^\n"
                     "1 error, 0 warnings in 1 file (1 file checked)\n");
}

TEST_CASE("columns count characters and carets keep tabs") {
  TempDir d;
  const std::string f = d.write("u.nix", "{\n\ts = \"é😀\"; t = ; }\n");
  const RunResult r = check({f, "--color", "never"});
  CHECK(r.code == 1);
  CHECK(r.out.find(f + ":2:15: error: expected an expression after '='") == 0);
  CHECK(r.out.find("\n  \t             ^\n") != std::string::npos);
}

TEST_CASE("JSON output is an array of LSP diagnostics with a file field") {
  TempDir d;
  const std::string f = d.write("a.nix", "x: [ (x x ]\n");
  d.write("ok.nix", "1\n");
  const RunResult r = check({"--format", "json", d.path()});
  CHECK(r.code == 1);
  const json j = json::parse(r.out);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 1);
  CHECK(j[0]["file"] == f);
  CHECK(j[0]["code"] == "syntax-error");
  CHECK(j[0]["severity"] == 1);
  CHECK(j[0]["range"]["start"] == json{{"line", 0}, {"character", 9}});
  CHECK(j[0]["message"] == "expected ')' to close '(' on line 1");
}

TEST_CASE("directories skip .git, node_modules and result links") {
  TempDir d;
  d.write("good.nix", "1\n");
  d.write(".git/bad.nix", "{\n");
  d.write("node_modules/x/bad.nix", "{\n");
  d.write("store/bad.nix", "{\n");
  std::filesystem::create_directory_symlink(d.path() + "/store", d.path() + "/result");
  std::filesystem::create_directory_symlink(d.path() + "/store", d.path() + "/result-man");
  std::filesystem::remove_all(d.path() + "/store");
  d.write("not-nix.txt", "{\n");
  const RunResult r = check({d.path()});
  CHECK(r.code == 0);
  CHECK(r.out == "no problems in 1 file\n");
}

TEST_CASE("bad usage and unreadable paths exit 2 with a clear message") {
  CHECK(check({}).code == 2);
  CHECK(check({"--format", "xml", "."}).code == 2);
  CHECK(check({"--bogus", "."}).code == 2);
  const RunResult missing = check({"/nonexistent/flakewise/path.nix"});
  CHECK(missing.code == 2);
  CHECK(missing.err.find("/nonexistent/flakewise/path.nix") != std::string::npos);
  if (::geteuid() != 0) {  // root reads anything
    TempDir d;
    const std::string f = d.write("locked.nix", "1");
    std::filesystem::permissions(f, std::filesystem::perms::none);
    const RunResult locked = check({f});
    CHECK(locked.code == 2);
    CHECK(locked.err.find("locked.nix") != std::string::npos);
  }
}

TEST_CASE("files are checked in parallel with identical results") {
  TempDir d;
  for (int i = 0; i < 60; ++i) {
    d.write("f" + std::to_string(i) + ".nix", i % 7 == 0 ? "{ a = ; }\n" : "{ a = " + std::to_string(i) + "; }\n");
  }
  const RunResult one = check({"-j", "1", "--format", "json", d.path()});
  const RunResult many = check({"-j", "4", "--format", "json", d.path()});
  CHECK(one.code == 1);
  CHECK(one.out == many.out);
  CHECK(json::parse(one.out).size() == 9);
}

TEST_CASE("--version and --help") {
  const RunResult v = run({flakewiseBinary(), "--version"});
  CHECK(v.code == 0);
  CHECK(v.out.rfind("flakewise ", 0) == 0);
  const RunResult h = run({flakewiseBinary(), "--help"});
  CHECK(h.code == 0);
  CHECK(h.out.find("--listen") != std::string::npos);
  CHECK(run({flakewiseBinary(), "--no-such-flag"}).code == 2);
}
