// Hostile documents through the real binary (docs/RELIABILITY.md): each
// gets a clear diagnostic or answer in bounded time, and the server keeps
// serving afterwards. (Hostile framing is in protocol_errors_test.cpp.)

#include <doctest/doctest.h>

#include <algorithm>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

bool alive(LspClient& c) {
  const json r = c.request("textDocument/teleport", json::object());
  return r.contains("error") && r["error"]["code"] == -32601;
}

// The deepest inputs take about a second here, and over a minute under
// ThreadSanitizer (scripts/sanitize.sh).
constexpr std::chrono::milliseconds kSlow = 300s;

json pos(int line, int ch) { return {{"line", line}, {"character", ch}}; }
json doc(const std::string& uri) { return {{"uri", uri}}; }

// Every whole-document feature, each answered with a result (any) within
// the timeout.
void askEverything(LspClient& c, const std::string& uri, std::chrono::milliseconds timeout = 60s) {
  for (const char* m : {"textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/semanticTokens/full",
                        "textDocument/formatting"}) {
    json params = {{"textDocument", doc(uri)}};
    if (std::string(m) == "textDocument/formatting") params["options"] = {{"tabSize", 2}, {"insertSpaces", true}};
    const json r = c.request(m, params, timeout);
    INFO(std::string(m) << ": " << r.dump().substr(0, 300));
    // Formatting may refuse (a file it cannot format) with a reason.
    CHECK((r.contains("result") || (r["error"]["code"] == -32803 && !r["error"]["message"].empty())));
  }
  for (const char* m : {"textDocument/hover", "textDocument/completion", "textDocument/definition"}) {
    const json r = c.request(m, {{"textDocument", doc(uri)}, {"position", pos(0, 1)}}, timeout);
    INFO(std::string(m));
    CHECK(r.contains("result"));
  }
  const json sel = c.request("textDocument/selectionRange", {{"textDocument", doc(uri)}, {"positions", {pos(0, 1)}}}, timeout);
  CHECK(sel.contains("result"));
}

std::vector<std::string> codes(const json& publish) {
  std::vector<std::string> out;
  for (const json& d : publish["params"]["diagnostics"]) out.push_back(d.value("code", ""));
  return out;
}

}  // namespace

TEST_CASE("a 50 MB document is kept, not analysed, with one diagnostic saying so") {
  LspClient c;
  c.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}}}});
  std::string big = "{\n";
  while (big.size() < (50u << 20)) big += "  pkg" + std::to_string(big.size()) + " = callPackage ./p { };\n";
  big += "}\n";
  const std::string uri = "file:///big.nix";
  c.open(uri, big, 1);
  const json d = c.waitDiagnostics(uri, 1, 60s);
  REQUIRE(d["params"]["diagnostics"].size() == 1);
  CHECK(d["params"]["diagnostics"][0]["code"] == "file-too-large");
  CHECK(d["params"]["diagnostics"][0]["message"].get<std::string>().find("--max-file-size") != std::string::npos);
  // Edits still apply; requests are answered (with empty results).
  c.change(uri, 2, {{{"range", {{"start", pos(1, 2)}, {"end", pos(1, 2)}}}, {"text", "x"}}});
  askEverything(c, uri);
  CHECK(alive(c));
}

TEST_CASE("100,000 nested parentheses, attribute sets and unclosed brackets") {
  LspClient c;
  c.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}}}});
  const int n = 100000;
  const std::string parens = std::string(n, '(') + "1" + std::string(n, ')') + "\n";
  std::string sets;
  for (int i = 0; i < n; ++i) sets += "{ a = ";
  sets += "1";
  for (int i = 0; i < n; ++i) sets += "; }";
  sets += "\n";
  const std::string unclosed = std::string(n, '(') + "1\n";
  c.open("file:///parens.nix", parens, 1);
  c.open("file:///sets.nix", sets, 1);
  c.open("file:///unclosed.nix", unclosed, 1);
  const json dp = c.waitDiagnostics("file:///parens.nix", 1, kSlow);
  const json ds = c.waitDiagnostics("file:///sets.nix", 1, kSlow);
  const json du = c.waitDiagnostics("file:///unclosed.nix", 1, kSlow);
  // Deeper than Nix's parser allows (10,000 entries on its stack; a '('
  // takes one, `{ a = ` four): flakewise stops reading where Nix does
  // ("memory exhausted"), with a diagnostic there (parser/nesting.h).
  // Given to tree-sitter 0.20.7 whole, 70,000 unclosed brackets made its
  // error recovery free an invalid pointer: the server crashed.
  auto deepAt = [](const json& d, const json& at) {
    for (const json& x : d["params"]["diagnostics"]) {
      if (x["message"].get<std::string>().find("nested too deeply") != std::string::npos && x["range"]["start"] == at)
        return true;
    }
    return false;
  };
  CHECK(deepAt(dp, pos(0, 10000)));
  CHECK(deepAt(ds, pos(0, 2500 * 6)));
  CHECK(deepAt(du, pos(0, 10000)));
  for (const char* uri : {"file:///parens.nix", "file:///sets.nix", "file:///unclosed.nix"}) {
    INFO(uri);
    askEverything(c, uri, kSlow);
  }
  CHECK(alive(c));
}

TEST_CASE("a list of 100,000 elements and a 1 MB line") {
  LspClient c;
  c.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}}}});
  std::string list = "[";
  for (int i = 0; i < 100000; ++i) list += " " + std::to_string(i);
  list += " ]\n";
  c.open("file:///list.nix", list, 1);
  CHECK(c.waitDiagnostics("file:///list.nix", 1, 60s)["params"]["diagnostics"].empty());
  askEverything(c, "file:///list.nix");

  // One line of 1 MB with non-ASCII text, and an undefined name at its
  // end: the position counts UTF-16 units ("é" is one, "😀" two).
  std::string line = "let s = \"";
  int units = 9;
  while (line.size() < (1u << 20)) {
    line += "é😀";
    units += 3;
  }
  line += "\"; in s + missing\n";
  units += 10;  // `"; in s + ` before `missing`
  c.open("file:///line.nix", line, 1);
  const json d = c.waitDiagnostics("file:///line.nix", 1, 60s);
  REQUIRE(d["params"]["diagnostics"].size() == 1);
  CHECK(d["params"]["diagnostics"][0]["code"] == "undefined-variable");
  CHECK(d["params"]["diagnostics"][0]["range"]["start"] == pos(0, units));
  const json h = c.request("textDocument/hover", {{"textDocument", doc("file:///line.nix")}, {"position", pos(0, units - 5)}}, 60s);
  CHECK(h.contains("result"));
  askEverything(c, "file:///line.nix");
  CHECK(alive(c));
}

TEST_CASE("NUL bytes, invalid UTF-8, CRLF and lone CR line endings") {
  LspClient c;
  c.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}}}});
  // NUL: Nix stops reading there; flakewise says so.
  c.open("file:///nul.nix", std::string("{ a = 1; }\0garbage", 18), 1);
  const std::vector<std::string> nul = codes(c.waitDiagnostics("file:///nul.nix", 1));
  CHECK(std::find(nul.begin(), nul.end(), "nul-byte") != nul.end());
  // Invalid UTF-8 inside the JSON body: repaired to U+FFFD on the wire,
  // so the document holds valid text.
  const std::string body = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
                           "{\"uri\":\"file:///bad.nix\",\"languageId\":\"nix\",\"version\":1,\"text\":\"\\\"a\xff\xfe\\\" + b\"}}}";
  c.sendRaw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  const json bad = c.waitDiagnostics("file:///bad.nix", 1);
  REQUIRE(bad["params"]["diagnostics"].size() == 1);
  CHECK(bad["params"]["diagnostics"][0]["code"] == "undefined-variable");
  CHECK(bad["params"]["diagnostics"][0]["range"]["start"] == pos(0, 8));
  // CRLF and lone CR both end lines (LSP counts "\r" as a line break).
  c.open("file:///crlf.nix", "let\r\n  x = 1;\r\nin y\r\n", 1);
  c.open("file:///cr.nix", "let\r  x = 1;\rin y\r", 1);
  for (const char* uri : {"file:///crlf.nix", "file:///cr.nix"}) {
    INFO(uri);
    const json d = c.waitDiagnostics(uri, 1);
    std::vector<json> ranges;
    for (const json& x : d["params"]["diagnostics"])
      if (x["code"] == "undefined-variable") ranges.push_back(x["range"]);
    REQUIRE(ranges.size() == 1);
    CHECK(ranges[0]["start"] == pos(2, 3));
    CHECK(ranges[0]["end"] == pos(2, 4));
    askEverything(c, uri);
  }
  CHECK(alive(c));
}

TEST_CASE("responses to requests the server never sent are ignored") {
  LspClient c;
  c.initialize();
  c.send({{"jsonrpc", "2.0"}, {"id", "never-sent"}, {"result", {{"a", 1}}}});
  c.send({{"jsonrpc", "2.0"}, {"id", 99}, {"error", {{"code", -32603}, {"message", "no"}}}});
  c.send({{"jsonrpc", "2.0"}, {"id", nullptr}, {"result", nullptr}});
  CHECK(alive(c));
  // None of them got an answer.
  for (const json& m : c.received()) {
    if (!m.contains("id") || m.contains("method")) continue;
    CHECK(m["id"] != "never-sent");
    CHECK(m["id"] != 99);
  }
}

TEST_CASE("a message cut short by the end of input: the server exits cleanly") {
  LspClient c;
  c.initialize();
  c.sendRaw("Content-Length: 200\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"workspace/sym");
  CHECK(c.closeAndWait(10s) == 1);
  // Cut inside the header.
  LspClient d;
  d.initialize();
  d.sendRaw("Content-Len");
  CHECK(d.closeAndWait(10s) == 1);
}
