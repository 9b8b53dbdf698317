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
