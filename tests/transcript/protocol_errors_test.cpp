// Broken input on the wire: every bad message gets a clear error or is
// skipped, and the server keeps serving.

#include <doctest/doctest.h>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {
std::string framed(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}
bool alive(LspClient& c) {
  const json r = c.request("textDocument/teleport", json::object());
  return r.contains("error") && r["error"]["code"] == -32601;
}
}  // namespace

TEST_CASE("malformed JSON gets a parse error and is skipped") {
  LspClient c;
  c.initialize();
  // The id can still be read: the client waiting for request 5 hears back.
  c.sendRaw(framed("{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\""));
  const json e = c.waitFor([](const json& m) { return m.contains("error"); });
  CHECK(e["error"]["code"] == -32700);
  CHECK(e["id"] == 5);
  // Without a readable id, the error has a null id.
  c.sendRaw(framed("{\"jsonrpc\": \"2.0\", \"method\": \"x\", \"id\""));
  const json f = c.waitFor([](const json& m) { return m.contains("error"); });
  CHECK(f["error"]["code"] == -32700);
  CHECK(f["id"].is_null());
  CHECK(alive(c));
}

TEST_CASE("malformed headers are skipped") {
  LspClient c;
  c.initialize();
  c.sendRaw("Content-Length: twelve\r\n\r\n");
  c.sendRaw("Nothing-Useful: 1\r\n\r\n");
  CHECK(alive(c));
}

TEST_CASE("batches, non-objects and messages without a method are answered with -32600") {
  LspClient c;
  c.initialize();
  // Every request of a batch gets its own answer (an error: LSP has no
  // batches), so that a client waiting for one of them hears back.
  c.sendRaw(framed(R"([{"jsonrpc":"2.0","id":9,"method":"shutdown"},{"jsonrpc":"2.0","method":"exit"},)"
                   R"({"jsonrpc":"2.0","id":"ten","method":"textDocument/hover","params":{}}])"));
  CHECK(c.waitResponse(9)["error"]["code"] == -32600);
  CHECK(c.waitFor([](const json& m) { return m.value("id", json()) == "ten"; })["error"]["code"] == -32600);
  // A batch of notifications only: one error, with a null id.
  c.sendRaw(framed(R"([{"jsonrpc":"2.0","method":"exit"}])"));
  const json b = c.waitFor([](const json& m) { return m.contains("error"); });
  CHECK(b["error"]["code"] == -32600);
  CHECK(b["id"].is_null());
  c.sendRaw(framed("42"));
  CHECK(c.waitFor([](const json& m) { return m.contains("error"); })["error"]["code"] == -32600);
  c.sendRaw(framed("{\"jsonrpc\":\"2.0\",\"id\":77}"));
  const json e = c.waitFor([](const json& m) { return m.contains("error"); });
  CHECK(e["error"]["code"] == -32600);
  CHECK(e["id"] == 77);
  // An id that is no JSON-RPC id (an object, found by fuzz_session) is not
  // echoed: the answer's id is null.
  c.sendRaw(framed(R"({"jsonrpc":"2.0","id":{"position":{"line":9}}})"));
  const json o = c.waitFor([](const json& m) { return m.contains("error"); });
  CHECK(o["error"]["code"] == -32600);
  CHECK(o["error"]["message"] == "message has no method");
  CHECK(o["id"].is_null());
  CHECK(alive(c));
}

TEST_CASE("bad params give -32602, not a crash") {
  LspClient c;
  c.initialize();
  CHECK(c.request("textDocument/documentSymbol", json::object())["error"]["code"] == -32602);
  CHECK(c.request("textDocument/selectionRange", {{"textDocument", {{"uri", "file:///none.nix"}}},
                                                  {"positions", {{{"line", -1}, {"character", 0}}}}})["error"]["code"] == -32602);
  // A range without its end (read from a const JSON object, a missing key
  // was undefined behaviour; found by fuzz_session).
  c.open("file:///r.nix", "{ a = 1; }");
  CHECK(c.request("textDocument/rangeFormatting",
                  {{"textDocument", {{"uri", "file:///r.nix"}}},
                   {"range", {{"start", {{"line", 0}, {"character", 0}}}}},
                   {"options", {{"tabSize", 2}, {"insertSpaces", true}}}})["error"]["code"] == -32602);
  // Parameters of the wrong JSON type are the client's mistake too.
  CHECK(c.request("workspace/symbol", {{"query", 5}})["error"]["code"] == -32602);
  c.notify("textDocument/didOpen", {{"textDocument", 7}});
  c.notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///never-opened.nix"}}}, {"contentChanges", json::array()}});
  CHECK(alive(c));
}

TEST_CASE("a stray response from the client is ignored") {
  LspClient c;
  c.initialize();
  c.send({{"jsonrpc", "2.0"}, {"id", 12345}, {"result", nullptr}});
  CHECK(alive(c));
}

TEST_CASE("an oversized message is refused with a clear error") {
  LspClient c({"--max-message-size", "1000"});
  c.initialize();
  c.open("file:///big.nix", "{ a = \"" + std::string(5000, 'x') + "\"; }");
  const json e = c.waitFor([](const json& m) { return m.contains("error"); });
  CHECK(e["error"]["code"] == -32600);
  CHECK(e["error"]["message"].get<std::string>().find("over the limit") != std::string::npos);
  CHECK(alive(c));
}

TEST_CASE("an oversized request is answered with its own id") {
  LspClient c({"--max-message-size", "1000"});
  c.initialize();
  c.sendRaw(framed(R"({"jsonrpc":"2.0","id":31,"method":"workspace/symbol","params":{"query":")" +
                   std::string(5000, 'q') + "\"}}"));
  const json e = c.waitResponse(31);
  CHECK(e["error"]["code"] == -32600);
  CHECK(e["error"]["message"].get<std::string>().find("--max-message-size") != std::string::npos);
  CHECK(alive(c));
}

TEST_CASE("a request whose Content-Length is larger than its body is answered while the client waits") {
  LspClient c;
  c.initialize();
  // Nothing follows: the server waits a second for the missing bytes, sees
  // that what came is a whole JSON message, and answers it with an error.
  const std::string body = R"({"jsonrpc":"2.0","id":44,"method":"workspace/symbol","params":{"query":"x"}})";
  c.sendRaw("Content-Length: " + std::to_string(body.size() + 200) + "\r\n\r\n" + body);
  const auto start = std::chrono::steady_clock::now();
  const json e = c.waitResponse(44, 5s);
  CHECK(std::chrono::steady_clock::now() - start < 4s);
  CHECK(e["error"]["code"] == -32700);
  CHECK(e["error"]["message"].get<std::string>().find("shorter than its Content-Length") != std::string::npos);
  CHECK(alive(c));
  // A body that is not complete JSON yet is a slow client: it is waited for.
  const std::string half = R"({"jsonrpc":"2.0","id":45,"method":"workspace/symbol",)";
  const std::string rest = R"("params":{"query":"x"}})";
  c.sendRaw("Content-Length: " + std::to_string(half.size() + rest.size()) + "\r\n\r\n" + half);
  CHECK_FALSE(c.readMessage(1500ms));
  c.sendRaw(rest);
  CHECK(c.waitResponse(45).contains("result"));
}

TEST_CASE("a Content-Length larger than the body does not lose the next message") {
  LspClient c;
  c.initialize();
  const std::string body = R"({"jsonrpc":"2.0","method":"initialized","params":{}})";
  c.sendRaw("Content-Length: " + std::to_string(body.size() + 500) + "\r\n\r\n" + body);
  CHECK(alive(c));
}

TEST_CASE("invalid UTF-8 and lone surrogates in text are kept as U+FFFD") {
  LspClient c;
  c.initialize({{"general", {{"positionEncodings", {"utf-8"}}}}}, {{"diagnostics", {{"delayMs", 0}}}});
  // A lone surrogate escape and a raw 0xFF byte inside the text.
  const std::string open = R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":)"
                           R"({"uri":"file:///bad.nix","languageId":"nix","version":1,"text":"{ a = \"\ud800)"
                           "\xff"
                           R"(\"; b = ; }"}}})";
  c.sendRaw(framed(open));
  const json d = c.waitDiagnostics("file:///bad.nix", 1);
  // Each bad unit became U+FFFD (3 bytes in UTF-8): `{ a = "` (7) + 2 * 3
  // + `"; b =` (6) puts the missing value at byte 19.
  REQUIRE(d["params"]["diagnostics"].size() == 1);
  CHECK(d["params"]["diagnostics"][0]["range"]["start"]["character"] == 19);
}

TEST_CASE("$/cancelRequest answers the cancelled request with -32800") {
  LspClient c({"--debug-methods"});
  c.initialize();
  const int id = c.sendRequest("flakewise/debug/sleep", {{"ms", 5000}});
  c.notify("$/cancelRequest", {{"id", id}});
  const auto start = std::chrono::steady_clock::now();
  const json r = c.waitResponse(id, 3s);
  CHECK(r["error"]["code"] == -32800);
  CHECK(std::chrono::steady_clock::now() - start < 3s);
  // Cancelling a finished or unknown request is harmless.
  c.notify("$/cancelRequest", {{"id", 999}});
  const json done = c.request("flakewise/debug/sleep", {{"ms", 1}});
  CHECK(done["result"] == "slept");
  // Exactly one answer per request.
  std::size_t answers = 0;
  for (const json& m : c.received())
    if (m.contains("id") && m["id"] == id) ++answers;
  CHECK(answers == 1);
}

TEST_CASE("debug methods are off by default") {
  LspClient c;
  c.initialize();
  CHECK(c.request("flakewise/debug/sleep", {{"ms", 1}})["error"]["code"] == -32601);
}
