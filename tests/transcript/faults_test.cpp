// Faults around the server (docs/RELIABILITY.md): the client vanishing,
// workspace files that disappear or cannot be read, evaluations that would
// never end, a disk that fills up while writing. (An external formatter
// that hangs or is killed: formatting_test.cpp.)

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

std::string fileUri(const std::string& path) { return "file://" + path; }

bool alive(LspClient& c) {
  const json r = c.request("textDocument/teleport", json::object());
  return r.contains("error") && r["error"]["code"] == -32601;
}

bool hasSymbol(const json& result, const std::string& name) {
  for (const json& s : result)
    if (s.value("name", "") == name) return true;
  return false;
}

// Answers the server's requests (registrations, progress tokens) until
// indexing ends.
void waitIndexed(LspClient& c) {
  c.waitFor(
      [&](const json& m) {
        if (m.contains("method") && m.contains("id")) c.send({{"jsonrpc", "2.0"}, {"id", m["id"]}, {"result", nullptr}});
        return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "end";
      },
      30s);
}

}  // namespace

TEST_CASE("the client disappearing mid-request: the server exits cleanly") {
  for (int round = 0; round < 3; ++round) {
    LspClient c({"--debug-methods"});
    c.initialize();
    c.open("file:///a.nix", "{ a = 1; }\n");
    // Requests in flight on the pool and diagnostics pending when both
    // pipes close: reads see EOF, writes fail.
    for (int i = 0; i < 4; ++i) c.sendRequest("flakewise/debug/sleep", {{"ms", 300}});
    c.sendRequest("textDocument/documentSymbol", {{"textDocument", {{"uri", "file:///a.nix"}}}});
    if (round > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100 * round));
    // Exit code 1 (no `exit` notification), not a signal, and in time.
    CHECK(c.disconnectAndWait(10s) == 1);
  }
}

TEST_CASE("workspace files deleted, unreadable or not files while indexed") {
  TempDir d;
  for (int i = 0; i < 200; ++i) d.write("m" + std::to_string(i) + ".nix", "{ keepName" + std::to_string(i) + " = 1; }\n");
  d.write("gone.nix", "{ goneName = 1; }\n");
  // A FIFO would block a reader forever; a directory and a dangling
  // symlink named like Nix files cannot be read.
  REQUIRE(::mkfifo((d.path() + "/fifo.nix").c_str(), 0644) == 0);
  std::filesystem::create_directory(d.path() + "/dir.nix");
  std::filesystem::create_symlink(d.path() + "/nowhere.nix", d.path() + "/dangling.nix");
  LspClient c;
  const json caps = {{"window", {{"workDoneProgress", true}}},
                     {"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}};
  c.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
          {"params", {{"processId", nullptr}, {"rootUri", fileUri(d.path())}, {"capabilities", caps}}}});
  c.waitResponse(1);
  c.notify("initialized", json::object());
  // Files vanish while the index is being built.
  for (int i = 0; i < 200; i += 2) std::filesystem::remove(d.path() + "/m" + std::to_string(i) + ".nix");
  waitIndexed(c);
  CHECK(hasSymbol(c.request("workspace/symbol", {{"query", "keepName1"}})["result"], "keepName1"));
  // A file deleted after it was indexed, reported by the watcher.
  CHECK(hasSymbol(c.request("workspace/symbol", {{"query", "goneName"}})["result"], "goneName"));
  std::filesystem::remove(d.path() + "/gone.nix");
  c.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", fileUri(d.path() + "/gone.nix")}, {"type", 3}}}}});
  // And one that changed into something unreadable, reported as changed.
  std::filesystem::remove(d.path() + "/m1.nix");
  std::filesystem::create_directory(d.path() + "/m1.nix");
  c.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", fileUri(d.path() + "/m1.nix")}, {"type", 2}}}}});
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = c.request("workspace/symbol", {{"query", "goneName"}})["result"].empty() &&
           !hasSymbol(c.request("workspace/symbol", {{"query", "keepName1"}})["result"], "keepName1");
    if (!gone) std::this_thread::sleep_for(20ms);
  }
  CHECK(gone);
  CHECK(hasSymbol(c.request("workspace/symbol", {{"query", "keepName3"}})["result"], "keepName3"));
  CHECK(alive(c));
}

TEST_CASE("evaluations that would never end are stopped by their budgets") {
  const std::string bin = flakewiseBinary();
  auto timed = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv = {bin, "eval"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto start = std::chrono::steady_clock::now();
    RunResult r = run(argv, "", 60s);
    return std::make_pair(r, std::chrono::steady_clock::now() - start);
  };
  // Endless recursion, with the default budget: the depth limit.
  auto [loop, t1] = timed({"--expr", "let f = x: f x; in f 1"});
  CHECK(loop.code == 1);
  CHECK(loop.err.find("evaluation limit reached") != std::string::npos);
  CHECK(t1 < 20s);
  // Exponential work in constant depth: the step budget.
  auto [fib, t2] = timed({"--max-steps", "2000000", "--expr",
                          "let fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2); in fib 60"});
  CHECK(fib.code == 1);
  CHECK(fib.err.find("evaluation limit reached: more than 2000000 steps") != std::string::npos);
  CHECK(t2 < 20s);
  // A value too large to hold: the memory budget, before the memory is taken.
  auto [big, t3] = timed({"--max-memory-mb", "64", "--expr", "builtins.length (builtins.genList (x: x) 100000000)"});
  CHECK(big.code == 1);
  CHECK(big.err.find("evaluation limit reached: more than 64 MiB of memory") != std::string::npos);
  CHECK(t3 < 20s);
}

TEST_CASE("fmt on a full disk reports the failed write and leaves the file as it was") {
  TempDir d;
  std::string text = "{\n";
  for (int i = 0; i < 200; ++i) text += "  a" + std::to_string(i) + "   =   " + std::to_string(i) + ";\n";
  text += "}\n";
  const std::string f = d.write("big.nix", text);
  // The file-size limit makes writes fail past 1 KiB (EFBIG), as a full
  // disk would (ENOSPC) halfway through the temporary file.
  const RunResult r = run({"/bin/sh", "-c", "trap '' XFSZ; ulimit -f 2; exec \"$0\" fmt \"$1\"", flakewiseBinary(), f});
  CHECK(r.code != 0);
  CHECK(r.err.find("cannot write") != std::string::npos);
  std::ifstream in(f);
  const std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(after == text);
  // No temporary file is left behind.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(d.path())) files += e.is_regular_file();
  CHECK(files == 1);
}
