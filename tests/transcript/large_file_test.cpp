// Large generated files: answers right after an edit come from the
// provisional view; whole-file requests and diagnostics wait for the full
// reparse and see every edit.

#include <doctest/doctest.h>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {
std::string packageSet(int n) {
  std::string s = "{ callPackage }:\n{\n";
  for (int i = 0; i < n; ++i)
    s += "  pkg-" + std::to_string(i) + " = callPackage ./p" + std::to_string(i) + " { };\n";
  return s + "}\n";
}
json pos(int line, int ch) { return {{"line", line}, {"character", ch}}; }
}  // namespace

TEST_CASE("typing in a large package set: selection right away, outline after the reparse") {
  LspClient c;
  c.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}}}});
  const std::string uri = "file:///all-packages.nix";
  c.open(uri, packageSet(3000), 1);
  c.waitDiagnostics(uri, 1);
  // Line 1502 is `  pkg-1500 = callPackage ./p1500 { };`: rename the
  // attribute by typing "x" after "pkg-1500", then ask at once.
  for (int k = 0; k < 5; ++k) {
    c.change(uri, 2 + k, {{{"range", {{"start", pos(1502, 10 + k)}, {"end", pos(1502, 10 + k)}}}, {"text", "x"}}});
    const json sel = c.request("textDocument/selectionRange",
                               {{"textDocument", {{"uri", uri}}}, {"positions", {pos(1502, 11 + k)}}});
    REQUIRE(sel["result"].size() == 1);
    const json& r = sel["result"][0];
    // The identifier `pkg-1500x…` as typed so far (its attrpath has the same
    // range), then the binding, then the set.
    CHECK(r["range"]["start"] == pos(1502, 2));
    CHECK(r["range"]["end"] == pos(1502, 11 + k));
    CHECK(r["parent"]["range"]["start"] == pos(1502, 2));
    CHECK(r["parent"]["range"]["end"] == pos(1502, 38 + k));
    CHECK(r["parent"]["parent"]["range"]["start"] == pos(2, 2));  // the binding set
  }
  // A whole-file request sees all five edits.
  const json syms = c.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}});
  REQUIRE(syms["result"].size() == 3001);  // callPackage + 3000 bindings
  CHECK(syms["result"][1501]["name"] == "pkg-1500xxxxx");
  // Break a binding: the error shows up for the final version only.
  // Line 1000 is `  pkg-998 = callPackage ./p998 { };`: delete its `;`.
  c.change(uri, 7, {{{"range", {{"start", pos(1000, 34)}, {"end", pos(1000, 35)}}}, {"text", ""}}});
  const json d = c.waitDiagnostics(uri, 7);
  REQUIRE(d["params"]["diagnostics"].size() == 1);
  CHECK(d["params"]["diagnostics"][0]["message"] == "expected ';' after binding");
}
