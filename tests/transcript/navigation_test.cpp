// Name features through the real binary: definition, hover, references,
// highlights, rename, completion; and semantic diagnostics with their
// related information.

#include <doctest/doctest.h>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {
json pos(int line, int ch) { return {{"line", line}, {"character", ch}}; }
json at(const std::string& uri, int line, int ch) {
  return {{"textDocument", {{"uri", uri}}}, {"position", pos(line, ch)}};
}
const json kFast = {{"diagnostics", {{"delayMs", 0}}}};
}  // namespace

TEST_CASE("definition, hover, references and highlights of a let binding") {
  LspClient c;
  const json caps = c.initialize(json::object(), kFast)["result"]["capabilities"];
  CHECK(caps["definitionProvider"] == true);
  CHECK(caps["renameProvider"]["prepareProvider"] == true);
  const std::string uri = "file:///tmp/nav.nix";
  c.open(uri, "let\n  greet = name: \"hi ${name}\";\nin [ (greet \"a\") (greet \"b\") ]\n");
  const json def = c.request("textDocument/definition", at(uri, 2, 7));
  REQUIRE(def["result"].size() == 1);
  CHECK(def["result"][0]["uri"] == uri);
  CHECK(def["result"][0]["range"]["start"] == pos(1, 2));
  const json h = c.request("textDocument/hover", at(uri, 2, 7));
  CHECK(h["result"]["contents"]["kind"] == "markdown");
  CHECK(h["result"]["contents"]["value"] == "```nix\ngreet = function name: …\n```\nlet binding, defined on line 2");
  const json refs = c.request("textDocument/references",
                              {{"textDocument", {{"uri", uri}}}, {"position", pos(1, 3)}, {"context", {{"includeDeclaration", false}}}});
  CHECK(refs["result"].size() == 2);
  const json hl = c.request("textDocument/documentHighlight", at(uri, 1, 3));
  REQUIRE(hl["result"].size() == 3);
  CHECK(hl["result"][0]["kind"] == 3);  // write: the definition
  CHECK(hl["result"][1]["kind"] == 2);
}

TEST_CASE("rename through the wire, and a refusal with its reason") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///tmp/ren.nix";
  c.open(uri, "{ lib }:\nlet count = 1; in { inherit count; twice = count * 2; }\n");
  const json prep = c.request("textDocument/prepareRename", at(uri, 1, 5));
  CHECK(prep["result"]["placeholder"] == "count");
  const json r = c.request("textDocument/rename", {{"textDocument", {{"uri", uri}}}, {"position", pos(1, 5)}, {"newName", "n"}});
  const json& edits = r["result"]["changes"][uri];
  REQUIRE(edits.size() == 3);
  CHECK(edits[0]["newText"] == "n");
  CHECK(edits[1]["newText"] == "count = n;");  // the set keeps its attribute
  const json refused = c.request("textDocument/prepareRename", at(uri, 0, 3));
  CHECK(refused["error"]["code"] == -32803);
  CHECK(refused["error"]["message"] == "renaming a formal argument would change how callers must call the function");
}

TEST_CASE("completion items carry kinds, details and the range they replace") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///tmp/comp.nix";
  c.open(uri, "{ pkgs, ... }:\nlet helperFn = x: x; in helperFn (builtins.attrN");
  const json r = c.request("textDocument/completion", at(uri, 1, 48));
  REQUIRE(r["result"]["items"].size() >= 1);
  const json& item = r["result"]["items"][0];
  CHECK(item["label"] == "attrNames");
  CHECK(item["kind"] == 3);
  CHECK(item["textEdit"]["range"]["start"] == pos(1, 43));
  CHECK(item["documentation"]["kind"] == "markdown");
  const json r2 = c.request("textDocument/completion", at(uri, 1, 24));
  bool found = false;
  for (const json& it : r2["result"]["items"]) found = found || it["label"] == "helperFn";
  CHECK(found);
}

TEST_CASE("semantic diagnostics: undefined, unused (tagged), duplicates with related information") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///tmp/sem.nix";
  c.open(uri, "let\n  unused = 1;\nin {\n  a = 1;\n  a = missing;\n}\n");
  const json d = c.waitDiagnostics(uri, 1);
  const json& list = d["params"]["diagnostics"];
  REQUIRE(list.size() == 3);
  CHECK(list[0]["code"] == "unused-binding");
  CHECK(list[0]["severity"] == 2);
  CHECK(list[0]["tags"] == json::array({1}));
  CHECK(list[1]["code"] == "duplicate-attribute");
  CHECK(list[1]["relatedInformation"][0]["location"]["range"]["start"] == pos(3, 2));
  CHECK(list[2]["code"] == "undefined-variable");
  CHECK(list[2]["message"] == "undefined variable 'missing'");
}
