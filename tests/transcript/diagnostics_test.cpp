// Diagnostics as an editor sees them: published on open, updated after
// incremental edits, cleared on close.

#include <doctest/doctest.h>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {
const json kFast = {{"diagnostics", {{"delayMs", 0}}}};
}

TEST_CASE("a syntax error appears on open and clears after an incremental fix") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///work/flake.nix";
  c.open(uri, "{\n  description = \"demo\"\n  outputs = { self }: { };\n}\n", 1);
  const json d1 = c.waitDiagnostics(uri, 1);
  REQUIRE(d1["params"]["diagnostics"].size() == 1);
  const json& diag = d1["params"]["diagnostics"][0];
  CHECK(diag["code"] == "syntax-error");
  CHECK(diag["severity"] == 1);
  CHECK(diag["source"] == "flakewise");
  CHECK(diag["message"] == "expected ';' after binding");
  CHECK(diag["range"]["start"] == json{{"line", 1}, {"character", 22}});
  // Type the missing ';'.
  c.change(uri, 2, {{{"range", {{"start", {{"line", 1}, {"character", 22}}}, {"end", {{"line", 1}, {"character", 22}}}}},
                     {"text", ";"}}});
  const json d2 = c.waitDiagnostics(uri, 2);
  CHECK(d2["params"]["diagnostics"].empty());
  // Break it again with a multi-line insertion, then fix with a deletion.
  c.change(uri, 3, {{{"range", {{"start", {{"line", 2}, {"character", 0}}}, {"end", {{"line", 2}, {"character", 0}}}}},
                     {"text", "  broken = [\n    1\n"}}});
  const json d3 = c.waitDiagnostics(uri, 3);
  REQUIRE(d3["params"]["diagnostics"].size() >= 1);
  c.change(uri, 4, {{{"range", {{"start", {{"line", 2}, {"character", 0}}}, {"end", {{"line", 4}, {"character", 0}}}}},
                     {"text", ""}}});
  const json d4 = c.waitDiagnostics(uri, 4);
  CHECK(d4["params"]["diagnostics"].empty());
  const json syms = c.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
  REQUIRE(syms["result"].size() == 2);
  CHECK(syms["result"][0]["name"] == "description");
  CHECK(syms["result"][1]["name"] == "outputs");
}

TEST_CASE("while typing, diagnostics are debounced to the latest version") {
  LspClient c;
  c.initialize(json::object(), {{"diagnostics", {{"delayMs", 300}}}});
  const std::string uri = "file:///t.nix";
  c.open(uri, "{ }", 1);
  c.waitDiagnostics(uri, 1);
  // Type "a = 1;" one character at a time, faster than the delay.
  const std::string typed = " a = 1;";
  for (std::size_t i = 0; i < typed.size(); ++i) {
    c.change(uri, static_cast<int>(i + 2),
             {{{"range", {{"start", {{"line", 0}, {"character", 1 + i}}}, {"end", {{"line", 0}, {"character", 1 + i}}}}},
               {"text", std::string(1, typed[i])}}});
  }
  const int last = static_cast<int>(typed.size() + 1);
  const json d = c.waitDiagnostics(uri);
  // The first publication after the burst is for the final version.
  CHECK(d["params"]["version"] == last);
  CHECK(d["params"]["diagnostics"].empty());
}

TEST_CASE("full-text changes and several changes in one notification") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///m.nix";
  c.open(uri, "x", 1);
  c.waitDiagnostics(uri, 1);
  c.change(uri, 2, {{{"text", "{ a = 1; }"}}});
  CHECK(c.waitDiagnostics(uri, 2)["params"]["diagnostics"].empty());
  // Two edits: the second's range refers to the text after the first.
  c.change(uri, 3, {{{"range", {{"start", {{"line", 0}, {"character", 8}}}, {"end", {{"line", 0}, {"character", 8}}}}}, {"text", " b ="}},
                    {{"range", {{"start", {{"line", 0}, {"character", 12}}}, {"end", {{"line", 0}, {"character", 12}}}}}, {"text", " 2;"}}});
  CHECK(c.waitDiagnostics(uri, 3)["params"]["diagnostics"].empty());
  const json syms = c.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
  REQUIRE(syms["result"].size() == 2);
  CHECK(syms["result"][1]["name"] == "b");
}

TEST_CASE("closing a document clears its diagnostics") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///c.nix";
  c.open(uri, "{ a = ; }", 1);
  CHECK(c.waitDiagnostics(uri, 1)["params"]["diagnostics"].size() == 1);
  c.notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
  const json cleared = c.waitDiagnostics(uri);
  CHECK(cleared["params"]["diagnostics"].empty());
  const json r = c.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
  CHECK(r["error"]["code"] == -32602);
}

TEST_CASE("silenced codes from initializationOptions and didChangeConfiguration") {
  LspClient c;
  c.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}, {"disabled", {"syntax-error"}}}}});
  const std::string uri = "file:///s.nix";
  c.open(uri, "{ a = ; }", 1);
  CHECK(c.waitDiagnostics(uri, 1)["params"]["diagnostics"].empty());
  c.notify("workspace/didChangeConfiguration", {{"settings", {{"flakewise", {{"diagnostics", {{"disabled", json::array()}}}}}}}});
  CHECK(c.waitDiagnostics(uri, 1)["params"]["diagnostics"].size() == 1);
}

TEST_CASE("folding and selection ranges over the wire") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///f.nix";
  c.open(uri, "{\n  a = [\n    1\n  ];\n}\n", 1);
  const json f = c.request("textDocument/foldingRange", {{"textDocument", {{"uri", uri}}}});
  REQUIRE(f["result"].size() == 2);
  CHECK(f["result"][0]["startLine"] == 0);
  CHECK(f["result"][0]["endLine"] == 3);
  CHECK(f["result"][1]["startLine"] == 1);
  CHECK(f["result"][1]["endLine"] == 2);
  const json s = c.request("textDocument/selectionRange",
                           {{"textDocument", {{"uri", uri}}}, {"positions", {{{"line", 2}, {"character", 4}}}}});
  REQUIRE(s["result"].size() == 1);
  const json& inner = s["result"][0];
  CHECK(inner["range"]["start"] == json{{"line", 2}, {"character", 4}});
  CHECK(inner["range"]["end"] == json{{"line", 2}, {"character", 5}});
  CHECK(inner["parent"]["range"]["start"] == json{{"line", 1}, {"character", 6}});
}
