// `flakewise --listen HOST:PORT`: the same protocol over TCP, one session
// per connection.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

struct TcpServer {
  pid_t pid = -1;
  int port = 0;
  TempDir dir;

  TcpServer() {
    const std::string log = dir.path() + "/stderr.log";
    pid = ::fork();
    if (pid == 0) {
      std::freopen(log.c_str(), "w", stderr);
      const std::string bin = flakewiseBinary();
      ::execl(bin.c_str(), bin.c_str(), "--listen", "127.0.0.1:0", static_cast<char*>(nullptr));
      std::_Exit(127);
    }
    const std::regex re("listening on 127\\.0\\.0\\.1:([0-9]+)");
    for (int i = 0; i < 500 && port == 0; ++i) {
      std::ifstream in(log);
      std::stringstream ss;
      ss << in.rdbuf();
      std::smatch m;
      const std::string s = ss.str();
      if (std::regex_search(s, m, re)) port = std::stoi(m[1]);
      else std::this_thread::sleep_for(10ms);
    }
  }
  ~TcpServer() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  int stop() {
    ::kill(pid, SIGTERM);
    int st = 0;
    ::waitpid(pid, &st, 0);
    pid = -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
};

}  // namespace

TEST_CASE("TCP mode serves sessions one per connection") {
  TcpServer server;
  REQUIRE(server.port > 0);
  {
    LspClient a = LspClient::connectTcp("127.0.0.1", server.port);
    LspClient b = LspClient::connectTcp("127.0.0.1", server.port);
    a.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}}}});
    b.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}}}});
    a.open("file:///a.nix", "{ a = ; }");
    b.open("file:///a.nix", "{ a = 1; }");  // same URI, separate session
    CHECK(a.waitDiagnostics("file:///a.nix", 1)["params"]["diagnostics"].size() == 1);
    CHECK(b.waitDiagnostics("file:///a.nix", 1)["params"]["diagnostics"].empty());
    CHECK(a.request("shutdown", nullptr).contains("result"));
    a.notify("exit", nullptr);
    // b is unaffected by a's exit.
    const json syms = b.request("textDocument/documentSymbol", {{"textDocument", {{"uri", "file:///a.nix"}}}});
    CHECK(syms["result"][0]["name"] == "a");
  }
  // A later connection after both closed still works.
  LspClient c = LspClient::connectTcp("127.0.0.1", server.port);
  CHECK(c.initialize().contains("result"));
  CHECK(server.stop() == 0);
}
