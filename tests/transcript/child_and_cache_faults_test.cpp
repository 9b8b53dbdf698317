// Faults around what the server writes and runs (docs/RELIABILITY.md):
// the NixOS option cache on a disk that refuses writes or holds a corrupt
// cache file, and nix-instantiate children (options.nixos, nixpkgs package
// facts) that hang, are killed, print garbage or are still running when the
// server exits. A shell script stands in for nix-instantiate; it records
// its pid (and its own child's) so that the test can look for leftovers
// in /proc.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

namespace fs = std::filesystem;

std::string readAll(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<pid_t> pidsIn(const std::string& file) {
  std::vector<pid_t> out;
  std::istringstream in(readAll(file));
  for (pid_t p; in >> p;) out.push_back(p);
  return out;
}

// A process still there: running, or a zombie its parent `server` never
// reaped. (A zombie reparented to init is init's business.)
bool lingering(pid_t pid, pid_t server) {
  const std::string stat = readAll("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return false;
  const std::size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 4 >= stat.size()) return false;
  std::istringstream rest(stat.substr(close + 2));
  char state = '?';
  pid_t ppid = 0;
  rest >> state >> ppid;
  return state != 'Z' || ppid == server;
}

bool anyLingering(const std::vector<pid_t>& pids, pid_t server, std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  for (;;) {
    bool any = false;
    for (pid_t p : pids) any = any || lingering(p, server);
    if (!any) return false;
    if (std::chrono::steady_clock::now() >= deadline) return true;
    std::this_thread::sleep_for(20ms);
  }
}

// Waits until `file` lists at least `n` pids.
std::vector<pid_t> waitPids(const std::string& file, std::size_t n, std::chrono::milliseconds within = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  std::vector<pid_t> p = pidsIn(file);
  while (p.size() < n && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
    p = pidsIn(file);
  }
  return p;
}

bool alive(LspClient& c) {
  const json r = c.request("textDocument/teleport", json::object(), 2s);
  return r.contains("error") && r["error"]["code"] == -32601;
}

// Answers the server's requests until a window/showMessage containing
// `text` arrives (throws after `timeout`).
json waitMessage(LspClient& c, const std::string& text, std::chrono::milliseconds timeout = 15s) {
  return c.waitFor(
      [&](const json& m) {
        if (m.contains("method") && m.contains("id")) c.send({{"jsonrpc", "2.0"}, {"id", m["id"]}, {"result", nullptr}});
        return m.value("method", "") == "window/showMessage" &&
               m["params"]["message"].get<std::string>().find(text) != std::string::npos;
      },
      timeout);
}

// A stand-in nixpkgs (the built-in lib, so that the server finds it) and a
// stand-in nix-instantiate whose behaviour is the content of `mode`:
// json (prints options.json), hang (a child sleeps, it waits), kill
// (SIGKILLs itself), garbage (prints half a JSON object), escape (hangs
// with two children in sessions of their own, `setsid`, one of them with a
// child of its own), daemon (leaves a `setsid` child behind and prints
// options.json).
struct Stage {
  TempDir d;
  std::string script;
  std::string pids;
  std::string bin = flakewiseBinary();

  Stage() {
    const std::string lib = std::string(FLAKEWISE_SOURCE_DIR) + "/analysis/options/nix/lib";
    for (const auto& e : fs::directory_iterator(lib))
      if (e.path().extension() == ".nix") d.write("nixpkgs/lib/" + e.path().filename().string(), readAll(e.path()));
    // Large enough (over 4 KiB) to pass a 512-byte file-size limit.
    std::string options = "{\n";
    options += R"(  "services.nginx.enable": {"declarations": ["nixos/modules/nginx.nix"], )"
               R"("default": {"_type": "literalExpression", "text": "false"}, "description": "Whether to enable Nginx.", )"
               R"("loc": ["services", "nginx", "enable"], "readOnly": false, "type": "boolean"})";
    for (int i = 0; i < 40; ++i) {
      const std::string name = "services.nginx.setting" + std::to_string(i);
      options += ",\n  \"" + name + R"(": {"declarations": ["nixos/modules/nginx.nix"], "description": "A setting )"
                 "that takes up room in the cache file.\", \"loc\": [\"services\", \"nginx\", \"setting" +
                 std::to_string(i) + "\"], \"readOnly\": false, \"type\": \"string\"}";
    }
    options += "\n}\n";
    d.write("options.json", options);
    fs::create_directories(d.path() + "/log");
    pids = d.path() + "/log/pids";
    script = d.write("fakebin/nix-instantiate",
                     "#!/bin/sh\nd='" + d.path() + "'\necho $$ >> \"$d/log/pids\"\n"
                     "case \"$(cat \"$d/mode\")\" in\n"
                     "  json) cat \"$d/options.json\" ;;\n"
                     "  hang) sleep 1000 & echo $! >> \"$d/log/pids\"; wait ;;\n"
                     "  kill) kill -9 $$ ;;\n"
                     "  garbage) echo '{\"services.nginx.enable\": {\"type\": \"bool' ;;\n"
                     "  escape) setsid sleep 1000 & echo $! >> \"$d/log/pids\"\n"
                     "    setsid sh -c 'sleep 1000 & echo $! >> \"$0\"; wait' \"$d/log/pids\" &\n"
                     "    echo $! >> \"$d/log/pids\"; wait ;;\n"
                     "  daemon) setsid sleep 1000 & echo $! >> \"$d/log/pids\"; cat \"$d/options.json\" ;;\n"
                     "esac\n");
    ::chmod(script.c_str(), 0755);
    mode("json");
    d.write("ws/.flakewise.json", "{ \"options\": { \"nixos\": true, \"nixpkgs\": \"../nixpkgs\" } }\n");
    ::setenv("FLAKEWISE_NIX_INSTANTIATE", script.c_str(), 1);
    ::setenv("XDG_CACHE_HOME", (d.path() + "/cache").c_str(), 1);
  }
  void mode(const std::string& m) const { d.write("mode", m + "\n"); }
  [[nodiscard]] std::string cacheDir() const { return d.path() + "/cache/flakewise"; }
  [[nodiscard]] std::vector<std::string> cacheFiles() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(cacheDir(), ec)) out.push_back(e.path().filename().string());
    return out;
  }

  // Starts the server on ws/ (through `wrapper`, a shell script around
  // the binary, when given) and opens a configuration with a misspelt
  // NixOS option.
  LspClient start(const std::string& wrapper = "") {
    if (!wrapper.empty()) {
      const std::string w = d.write("wrap.sh", "#!/bin/sh\n" + wrapper + "\n");
      ::chmod(w.c_str(), 0755);
      ::setenv("FLAKEWISE_BIN", w.c_str(), 1);
    }
    LspClient c;
    ::setenv("FLAKEWISE_BIN", bin.c_str(), 1);
    c.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
            {"params", {{"processId", nullptr}, {"rootUri", "file://" + d.path() + "/ws"}, {"capabilities", json::object()}}}});
    (void)c.waitResponse(1);
    c.notify("initialized", json::object());
    c.open(uri(), "{ config, lib, ... }:\n{\n  services.nginx.enabel = true;\n}\n");
    return c;
  }
  [[nodiscard]] std::string uri() const { return "file://" + d.path() + "/ws/configuration.nix"; }
};

// NixOS's options are in use: the misspelt option gets its suggestion.
bool nixosOptionsUsed(LspClient& c, const std::string& uri) {
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < deadline) {
    const json m = c.waitFor(
        [&](const json& x) {
          if (x.contains("method") && x.contains("id")) c.send({{"jsonrpc", "2.0"}, {"id", x["id"]}, {"result", nullptr}});
          return x.value("method", "") == "textDocument/publishDiagnostics" && x["params"]["uri"] == uri;
        },
        15s);
    for (const json& x : m["params"]["diagnostics"])
      if (x["message"].get<std::string>().find("did you mean `services.nginx.enable'") != std::string::npos) return true;
  }
  return false;
}

int shutDown(LspClient& c) {
  (void)c.request("shutdown", nullptr);
  c.notify("exit", nullptr);
  return c.waitExit(10s);
}

}  // namespace

TEST_CASE("the NixOS option cache on a disk that refuses writes: options kept in memory, no file left") {
  Stage s;
  // Root ignores permission bits; without CAP_DAC_OVERRIDE it does not.
  const std::string asUser =
      ::geteuid() == 0 ? "setpriv --bounding-set -dac_override,-dac_read_search -- " : std::string();
  struct Case {
    const char* what;
    std::function<void()> prepare;
    std::string wrapper;
  };
  const std::vector<Case> cases = {
      {"a read-only cache directory",
       [&] {
         fs::create_directories(s.cacheDir());
         ::chmod(s.cacheDir().c_str(), 0555);
       },
       "exec " + asUser + "'" + s.bin + "' \"$@\""},
      {"a file where the cache directory should be",
       [&] {
         fs::create_directories(s.d.path() + "/cache");
         s.d.write("cache/flakewise", "not a directory\n");
       },
       ""},
      // Writes fail past 512 bytes (EFBIG, as ENOSPC would on a full disk);
      // SIGXFSZ keeps its default action, which ends a process.
      {"writes failing past 512 bytes (ulimit -f)", [] {}, "ulimit -f 1; exec '" + s.bin + "' \"$@\""},
  };
  for (const Case& k : cases) {
    const std::string what = k.what;
    CAPTURE(what);
    std::error_code ec;
    ::chmod(s.cacheDir().c_str(), 0755);
    fs::remove_all(s.d.path() + "/cache", ec);
    k.prepare();
    LspClient c = s.start(k.wrapper);
    const json m = waitMessage(c, "cannot write the cache file");
    CHECK(m["params"]["message"].get<std::string>().find("(the options are kept in memory only)") != std::string::npos);
    CHECK(nixosOptionsUsed(c, s.uri()));
    CHECK(alive(c));
    // Nothing half-written is left where the cache goes.
    if (fs::is_directory(s.cacheDir())) CHECK(s.cacheFiles().empty());
    CHECK(shutDown(c) == 0);
  }
}

TEST_CASE("a truncated or garbage NixOS option cache file is ignored and computed again") {
  Stage s;
  {
    LspClient c = s.start();
    CHECK(nixosOptionsUsed(c, s.uri()));
    CHECK(shutDown(c) == 0);
  }
  REQUIRE(s.cacheFiles().size() == 1);
  const std::string cache = s.cacheDir() + "/" + s.cacheFiles()[0];
  const std::string good = readAll(cache);
  CHECK(good == readAll(s.d.path() + "/options.json"));
  CHECK(pidsIn(s.pids).size() == 1);
  // Read from the cache: nix-instantiate does not run again.
  {
    LspClient c = s.start();
    CHECK(nixosOptionsUsed(c, s.uri()));
    CHECK(shutDown(c) == 0);
  }
  CHECK(pidsIn(s.pids).size() == 1);
  int runs = 1;
  for (const std::string& bad : {good.substr(0, good.size() / 2), std::string("\x7f" "ELF garbage\n"), std::string()}) {
    CAPTURE(bad.size());
    s.d.write(cache.substr(s.d.path().size() + 1), bad);
    LspClient c = s.start();
    const json m = waitMessage(c, "ignored the unreadable cache file");
    CHECK(m["params"]["message"].get<std::string>().find(cache) != std::string::npos);
    CHECK(nixosOptionsUsed(c, s.uri()));
    CHECK(shutDown(c) == 0);
    CHECK(pidsIn(s.pids).size() == static_cast<std::size_t>(++runs));
    CHECK(readAll(cache) == good);
    CHECK(s.cacheFiles().size() == 1);
  }
}

TEST_CASE("options.nixos: nix-instantiate hanging, killed or printing garbage, while the server keeps serving") {
  Stage s;
  ::setenv("FLAKEWISE_NIXOS_OPTIONS_TIMEOUT_MS", "1500", 1);
  s.mode("hang");
  {
    LspClient c = s.start();
    const std::vector<pid_t> pids = waitPids(s.pids, 2);
    REQUIRE(pids.size() == 2);
    // Other requests are answered while it runs.
    const auto asked = std::chrono::steady_clock::now();
    const json symbols = c.request("textDocument/documentSymbol", {{"textDocument", {{"uri", s.uri()}}}}, 5s);
    CHECK(symbols["result"].is_array());
    CHECK(std::chrono::steady_clock::now() - asked < 1s);
    CHECK(anyLingering(pids, c.pid(), 0ms));  // still running
    const auto started = std::chrono::steady_clock::now();
    const json m = waitMessage(c, "NixOS options:", 10s);
    CHECK(m["params"]["message"] == "flakewise: NixOS options: computing the NixOS options took more than 1500 ms; " +
                                        s.script + " was stopped");
    CHECK(m["params"]["type"] == 1);
    CHECK(std::chrono::steady_clock::now() - started < 3s);
    // The script and its own child are gone, and reaped.
    CHECK(!anyLingering(pids, c.pid(), 2s));
    CHECK(alive(c));
    CHECK(s.cacheFiles().empty());
    CHECK(shutDown(c) == 0);
  }
  s.mode("kill");
  {
    LspClient c = s.start();
    const json m = waitMessage(c, "NixOS options:", 10s);
    CHECK(m["params"]["message"] == "flakewise: NixOS options: " + s.script + " was killed by signal 9");
    CHECK(alive(c));
    CHECK(s.cacheFiles().empty());
    CHECK(shutDown(c) == 0);
  }
  s.mode("garbage");
  {
    LspClient c = s.start();
    const json m = waitMessage(c, "NixOS options:", 10s);
    CHECK(m["params"]["message"].get<std::string>().starts_with("flakewise: NixOS options: " + s.script +
                                                                 " printed no option set ("));
    CHECK(alive(c));
    // Not cached: the next start does not read garbage back.
    CHECK(s.cacheFiles().empty());
    CHECK(shutDown(c) == 0);
  }
}

TEST_CASE("options.nixosTimeoutSeconds in .flakewise.json sets the time limit of a hanging nix-instantiate") {
  Stage s;
  ::unsetenv("FLAKEWISE_NIXOS_OPTIONS_TIMEOUT_MS");
  s.d.write("ws/.flakewise.json",
            "{ \"options\": { \"nixos\": true, \"nixpkgs\": \"../nixpkgs\", \"nixosTimeoutSeconds\": 1 } }\n");
  s.mode("hang");
  LspClient c = s.start();
  const std::vector<pid_t> pids = waitPids(s.pids, 2);
  REQUIRE(pids.size() == 2);
  const auto started = std::chrono::steady_clock::now();
  const json m = waitMessage(c, "NixOS options:", 10s);
  CHECK(m["params"]["message"] ==
        "flakewise: NixOS options: computing the NixOS options took more than 1 s; " + s.script + " was stopped");
  CHECK(std::chrono::steady_clock::now() - started < 3s);
  CHECK(!anyLingering(pids, c.pid(), 2s));
  CHECK(alive(c));
  CHECK(shutDown(c) == 0);
}

// Every process in `pids` after the first (the script) is in a session
// other than the script's, within 2 s: they really left its process group,
// which the time limit's kill stops.
bool ownSessions(const std::vector<pid_t>& pids) {
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  for (;;) {
    bool all = true;
    for (std::size_t i = 1; i < pids.size(); ++i) {
      const pid_t sid = ::getsid(pids[i]);
      all = all && sid != -1 && sid != ::getsid(pids[0]);
    }
    if (all || std::chrono::steady_clock::now() >= deadline) return all;
    std::this_thread::sleep_for(10ms);
  }
}

TEST_CASE("helpers that leave their process group (setsid) are stopped at the time limit, after exiting, and at exit") {
  Stage s;
  ::setenv("FLAKEWISE_NIXOS_OPTIONS_TIMEOUT_MS", "1500", 1);
  s.mode("escape");
  {
    // The time limit: the script, its two setsid children and the child of
    // one of them.
    LspClient c = s.start();
    const std::vector<pid_t> pids = waitPids(s.pids, 4);
    REQUIRE(pids.size() == 4);
    CHECK(ownSessions(pids));
    const json m = waitMessage(c, "NixOS options:", 10s);
    CHECK(m["params"]["message"].get<std::string>().find("took more than 1500 ms") != std::string::npos);
    CHECK(!anyLingering(pids, c.pid(), 2s));
    CHECK(alive(c));
    CHECK(shutDown(c) == 0);
  }
  s.mode("daemon");
  fs::remove(s.pids);
  {
    // A helper that finished but left a child running, which holds its
    // output pipe open: the output is read until 100 ms after the helper
    // exits, and the child is stopped once it is handed back.
    LspClient c = s.start();
    CHECK(nixosOptionsUsed(c, s.uri()));
    const std::vector<pid_t> pids = waitPids(s.pids, 2);
    REQUIRE(pids.size() == 2);
    CHECK(!anyLingering(pids, c.pid(), 2s));
    CHECK(shutDown(c) == 0);
  }
  ::unsetenv("FLAKEWISE_NIXOS_OPTIONS_TIMEOUT_MS");
  fs::remove_all(s.cacheDir());
  s.mode("escape");
  for (const bool clean : {true, false}) {
    // The server exits while the helper runs (300 s limit).
    CAPTURE(clean);
    fs::remove(s.pids);
    LspClient c = s.start();
    const std::vector<pid_t> pids = waitPids(s.pids, 4);
    REQUIRE(pids.size() == 4);
    CHECK(ownSessions(pids));
    const int code = clean ? shutDown(c) : c.disconnectAndWait(10s);
    CHECK(code == (clean ? 0 : 1));
    // Gone, not handed on to init.
    for (pid_t p : pids) {
      CAPTURE(p);
      CHECK(readAll("/proc/" + std::to_string(p) + "/stat").empty());
    }
  }
}

TEST_CASE("exit while options.nixos's nix-instantiate runs: prompt, and the child is stopped") {
  Stage s;
  s.mode("hang");
  // The default time limit (300 s) is still running when the server exits.
  for (const bool clean : {true, false}) {
    CAPTURE(clean);
    fs::remove(s.pids);
    LspClient c = s.start();
    const std::vector<pid_t> pids = waitPids(s.pids, 2);
    REQUIRE(pids.size() == 2);
    const auto started = std::chrono::steady_clock::now();
    // `shutdown` and `exit`, or the client vanishing.
    const int code = clean ? shutDown(c) : c.disconnectAndWait(10s);
    CHECK(code == (clean ? 0 : 1));
    CHECK(std::chrono::steady_clock::now() - started < 3s);
    CHECK(!anyLingering(pids, c.pid(), 2s));
  }
}

TEST_CASE("hover facts from a nixpkgs child that hangs, is killed, or outlives the server") {
  // tests/fixtures/flakes/starlight, whose package uses openssl; a
  // nix-instantiate first on PATH that hangs or kills itself.
  TempDir d;
  fs::copy(std::string(FLAKEWISE_SOURCE_DIR) + "/tests/fixtures/flakes/starlight", d.path() + "/ws",
           fs::copy_options::recursive);
  fs::create_directories(d.path() + "/log");
  const std::string pidFile = d.path() + "/log/pids";
  const std::string script = d.write("fakebin/nix-instantiate",
                                     "#!/bin/sh\nd='" + d.path() + "'\necho $$ >> \"$d/log/pids\"\n"
                                     "case \"$(cat \"$d/mode\")\" in\n"
                                     "  hang) sleep 1000 & echo $! >> \"$d/log/pids\"; wait ;;\n"
                                     "  kill) kill -9 $$ ;;\n"
                                     "esac\n");
  ::chmod(script.c_str(), 0755);
  ::setenv("PATH", (d.path() + "/fakebin:" + std::getenv("PATH")).c_str(), 1);
  const std::string nixpkgs = std::string(FLAKEWISE_SOURCE_DIR) + "/tests/fixtures/flakes/fake-nixpkgs";
  auto start = [&](int timeoutMs) {
    LspClient c;
    c.request("initialize", {{"processId", nullptr},
                             {"rootUri", "file://" + d.path() + "/ws"},
                             {"capabilities", json::object()},
                             {"initializationOptions",
                              {{"packages", {{"sources", {nixpkgs}}, {"evalTimeoutMs", timeoutMs}}}}}});
    c.notify("initialized", json::object());
    return c;
  };
  const std::string uri = "file://" + d.path() + "/ws/pkgs/comet/default.nix";
  const std::string text = readAll(d.path() + "/ws/pkgs/comet/default.nix");
  const std::size_t at = text.find("openssl\n    nebula");
  REQUIRE(at != std::string::npos);
  const json pos = {{"line", std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')},
                    {"character", at - text.rfind('\n', at) - 1 + 1}};
  const json hover = {{"textDocument", {{"uri", uri}}}, {"position", pos}};
  auto hoverText = [](const json& r) {
    return r["result"].is_object() ? r["result"]["contents"]["value"].get<std::string>() : std::string();
  };

  d.write("mode", "hang\n");
  {
    LspClient c = start(1500);
    c.open(uri, text);
    const int id = c.sendRequest("textDocument/hover", hover);
    const std::vector<pid_t> pids = waitPids(pidFile, 2);
    REQUIRE(pids.size() == 2);
    const auto asked = std::chrono::steady_clock::now();
    CHECK(c.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}}, 5s)["result"].is_array());
    CHECK(std::chrono::steady_clock::now() - asked < 1s);
    const std::string md = hoverText(c.waitResponse(id, 10s));
    CHECK(md.find("nixpkgs evaluation stopped after 1500 ms (time limit)") != std::string::npos);
    CHECK(!anyLingering(pids, c.pid(), 2s));
    CHECK(shutDown(c) == 0);
  }
  d.write("mode", "kill\n");
  fs::remove(pidFile);
  {
    LspClient c = start(1500);
    c.open(uri, text);
    const std::string md = hoverText(c.request("textDocument/hover", hover, 10s));
    CHECK(md.find("nixpkgs evaluation was killed by signal 9") != std::string::npos);
    CHECK(alive(c));
    CHECK(shutDown(c) == 0);
  }
  // The server exits while a hover waits for a child with a minute left.
  d.write("mode", "hang\n");
  fs::remove(pidFile);
  {
    LspClient c = start(60000);
    c.open(uri, text);
    (void)c.sendRequest("textDocument/hover", hover);
    const std::vector<pid_t> pids = waitPids(pidFile, 2);
    REQUIRE(pids.size() == 2);
    const auto started = std::chrono::steady_clock::now();
    CHECK(shutDown(c) == 0);
    CHECK(std::chrono::steady_clock::now() - started < 3s);
    CHECK(!anyLingering(pids, c.pid(), 2s));
  }
}
