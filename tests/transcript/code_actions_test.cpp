// Code actions through the real binary: quick fixes carry the published
// diagnostic, refactors are offered at the cursor, `only` filters by kind.

#include <doctest/doctest.h>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

const json kFast = {{"diagnostics", {{"delayMs", 0}}}};

json range(int l0, int c0, int l1, int c1) {
  return {{"start", {{"line", l0}, {"character", c0}}}, {"end", {{"line", l1}, {"character", c1}}}};
}

}  // namespace

TEST_CASE("codeAction: quick fix with its diagnostic, refactors, and kind filters") {
  LspClient c;
  const json init = c.initialize(json::object(), kFast);
  CHECK(init["result"]["capabilities"]["codeActionProvider"]["codeActionKinds"] ==
        json::array({"quickfix", "refactor.rewrite"}));
  const std::string uri = "file:///actions.nix";
  c.open(uri, "let\n  unused = 1;\n  a = 2;\nin\n{ a = a; }\n", 1);
  const json published = c.waitDiagnostics(uri, 1)["params"]["diagnostics"];
  REQUIRE(published.size() == 1);
  CHECK(published[0]["code"] == "unused-binding");

  // The client sends the diagnostic back in the context, as editors do.
  const json r = c.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                       {"range", range(1, 4, 1, 4)},
                                                       {"context", {{"diagnostics", published}}}});
  REQUIRE(r["result"].is_array());
  const json* fix = nullptr;
  for (const json& a : r["result"])
    if (a["title"] == "Remove unused binding `unused`") fix = &a;
  REQUIRE(fix);
  CHECK((*fix)["kind"] == "quickfix");
  CHECK((*fix)["isPreferred"] == true);
  REQUIRE((*fix)["diagnostics"].size() == 1);
  // The same diagnostic as published, so the client can tie them together.
  CHECK((*fix)["diagnostics"][0] == published[0]);
  const json& edits = (*fix)["edit"]["changes"][uri];
  REQUIRE(edits.size() == 1);
  CHECK(edits[0]["range"] == range(1, 0, 2, 0));
  CHECK(edits[0]["newText"] == "");

  // A refactor at the cursor on `a = a;` in the plain set.
  const json inh = c.request("textDocument/codeAction",
                             {{"textDocument", {{"uri", uri}}}, {"range", range(4, 2, 4, 2)}, {"context", {{"diagnostics", json::array()}}}});
  bool found = false;
  for (const json& a : inh["result"]) {
    if (a["title"] != "Convert to `inherit a;`") continue;
    found = true;
    CHECK(a["kind"] == "refactor.rewrite");
    CHECK_FALSE(a.contains("diagnostics"));
    CHECK(a["edit"]["changes"][uri][0]["newText"] == "inherit a;");
    CHECK(a["edit"]["changes"][uri][0]["range"] == range(4, 2, 4, 8));
  }
  CHECK(found);

  // `only` filters: quick fixes only, then refactors only.
  const json q = c.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                       {"range", range(1, 4, 1, 4)},
                                                       {"context", {{"diagnostics", published}, {"only", {"quickfix"}}}}});
  for (const json& a : q["result"]) CHECK(a["kind"] == "quickfix");
  CHECK(q["result"].size() == 1);
  const json rf = c.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                        {"range", range(1, 4, 1, 4)},
                                                        {"context", {{"diagnostics", published}, {"only", {"refactor"}}}}});
  CHECK_FALSE(rf["result"].empty());
  for (const json& a : rf["result"]) CHECK(a["kind"] == "refactor.rewrite");
  CHECK(c.closeAndWait() == 1);
}

TEST_CASE("codeAction: a diagnostic silenced in the settings gets no quick fix") {
  LspClient c;
  c.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}, {"disabled", {"unused-binding"}}}}});
  const std::string uri = "file:///silenced.nix";
  c.open(uri, "let unused = 1; in 2", 1);
  CHECK(c.waitDiagnostics(uri, 1)["params"]["diagnostics"].empty());
  const json r = c.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                       {"range", range(0, 5, 0, 5)},
                                                       {"context", {{"diagnostics", json::array()}, {"only", {"quickfix"}}}}});
  CHECK(r["result"].empty());
  CHECK(c.closeAndWait() == 1);
}
