// Lifecycle over the real binary and real pipes.

#include <doctest/doctest.h>

#include "tests/support/lsp_client.h"

using namespace fw::test;

TEST_CASE("initialize, shutdown and exit end with code 0") {
  LspClient c;
  const json init = c.initialize();
  REQUIRE(init.contains("result"));
  const json& caps = init["result"]["capabilities"];
  CHECK(caps["textDocumentSync"]["change"] == 2);
  CHECK(caps["textDocumentSync"]["openClose"] == true);
  CHECK(caps["positionEncoding"] == "utf-16");
  CHECK(caps["documentSymbolProvider"] == true);
  CHECK(init["result"]["serverInfo"]["name"] == "flakewise");
  const json down = c.request("shutdown", nullptr);
  CHECK(down.contains("result"));
  CHECK(down["result"].is_null());
  // After shutdown, requests are refused but answered.
  const json late = c.request("textDocument/documentSymbol", {{"textDocument", {{"uri", "file:///x.nix"}}}});
  CHECK(late["error"]["code"] == -32600);
  c.notify("exit", nullptr);
  CHECK(c.waitExit() == 0);
}

TEST_CASE("exit without shutdown ends with code 1") {
  LspClient c;
  c.initialize();
  c.notify("exit", nullptr);
  CHECK(c.waitExit() == 1);
}

TEST_CASE("end of input without exit ends with code 1") {
  LspClient c;
  c.initialize();
  CHECK(c.closeAndWait() == 1);
}

TEST_CASE("requests before initialize get -32002, initialize twice is refused") {
  LspClient c;
  const json early = c.request("textDocument/documentSymbol", {{"textDocument", {{"uri", "file:///x.nix"}}}});
  CHECK(early["error"]["code"] == -32002);
  c.initialize();
  const json again = c.request("initialize", {{"capabilities", json::object()}});
  CHECK(again["error"]["code"] == -32600);
  CHECK(c.request("shutdown", nullptr).contains("result"));
}

TEST_CASE("unknown requests get -32601 and the server keeps working") {
  LspClient c;
  c.initialize();
  const json r = c.request("textDocument/teleport", json::object());
  CHECK(r["error"]["code"] == -32601);
  c.notify("$/somethingUnknown", json::object());  // ignored
  c.notify("unknown/notification", json::object());
  c.open("file:///a.nix", "{ a = 1; }");
  const json syms = c.request("textDocument/documentSymbol", {{"textDocument", {{"uri", "file:///a.nix"}}}});
  REQUIRE(syms["result"].is_array());
  CHECK(syms["result"][0]["name"] == "a");
}

TEST_CASE("UTF-8 positions are used when the client offers them") {
  LspClient c;
  const json init = c.initialize({{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}});
  CHECK(init["result"]["capabilities"]["positionEncoding"] == "utf-8");
  c.open("file:///u.nix", "{ s = \"😀\"; b = ; }");
  const json d = c.waitDiagnostics("file:///u.nix", 1);
  REQUIRE(d["params"]["diagnostics"].size() == 1);
  // The value is missing right after "{ s = "😀"; b =": 17 bytes (the
  // emoji has 4).
  CHECK(d["params"]["diagnostics"][0]["range"]["start"]["character"] == 17);
}

TEST_CASE("UTF-16 positions count surrogate pairs") {
  LspClient c;
  c.initialize();
  c.open("file:///u.nix", "{ s = \"😀\"; b = ; }");
  const json d = c.waitDiagnostics("file:///u.nix", 1);
  REQUIRE(d["params"]["diagnostics"].size() == 1);
  // 17 bytes, 15 UTF-16 units (the emoji is a surrogate pair).
  CHECK(d["params"]["diagnostics"][0]["range"]["start"]["character"] == 15);
}

TEST_CASE("requests still waiting at shutdown or exit are answered with -32800") {
  // Found by fuzz_session: requests sent before `shutdown` and `exit` in one
  // write were never answered.
  std::string text = "{\n";
  for (int i = 0; i < 60000; ++i) text += "  a" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  text += "}\n";
  const std::string uri = "file:///big.nix";
  auto framed = [](const json& m) {
    const std::string body = m.dump();
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  for (const bool withShutdown : {true, false}) {
    CAPTURE(withShutdown);
    LspClient c;
    c.initialize();
    c.open(uri, text);
    // One write: an edit (a reparse of 1 MB), a request that waits for it,
    // then the end.
    std::string bytes = framed({{"jsonrpc", "2.0"},
                                {"method", "textDocument/didChange"},
                                {"params",
                                 {{"textDocument", {{"uri", uri}, {"version", 2}}},
                                  {"contentChanges",
                                   {{{"range", {{"start", {{"line", 1}, {"character", 2}}},
                                                {"end", {{"line", 1}, {"character", 2}}}}},
                                     {"text", "b"}}}}}}});
    bytes += framed({{"jsonrpc", "2.0"}, {"id", 50}, {"method", "textDocument/documentSymbol"},
                     {"params", {{"textDocument", {{"uri", uri}}}}}});
    if (withShutdown) bytes += framed({{"jsonrpc", "2.0"}, {"id", 51}, {"method", "shutdown"}});
    bytes += framed({{"jsonrpc", "2.0"}, {"method", "exit"}});
    c.sendRaw(bytes);
    const json r = c.waitResponse(50);
    CHECK(r["error"]["code"] == -32800);
    if (withShutdown) {
      CHECK(c.waitResponse(51)["result"].is_null());
      // The cancelled request is answered before the shutdown.
      std::size_t at50 = 0, at51 = 0;
      for (std::size_t i = 0; i < c.received().size(); ++i) {
        if (c.received()[i].value("id", json()) == 50) at50 = i;
        if (c.received()[i].value("id", json()) == 51) at51 = i;
      }
      CHECK(at50 < at51);
    }
    CHECK(c.waitExit() == (withShutdown ? 0 : 1));
    int answers = 0;
    for (const json& m : c.received()) answers += m.value("id", json()) == 50 ? 1 : 0;
    CHECK(answers == 1);
  }
}
