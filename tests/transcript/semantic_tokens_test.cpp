// Semantic tokens through the real binary: the legend, full results,
// delta results against a previous resultId, and ranges.

#include <doctest/doctest.h>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

std::vector<std::uint32_t> ints(const json& arr) {
  std::vector<std::uint32_t> out;
  for (const json& v : arr) out.push_back(v.get<std::uint32_t>());
  return out;
}

json doc(const std::string& uri) { return {{"textDocument", {{"uri", uri}}}}; }

}  // namespace

TEST_CASE("semanticTokens: legend, full, delta round-trip and range") {
  LspClient c;
  const json init = c.initialize();
  const json& provider = init["result"]["capabilities"]["semanticTokensProvider"];
  REQUIRE(provider.is_object());
  CHECK(provider["full"]["delta"] == true);
  CHECK(provider["range"] == true);
  const json& types = provider["legend"]["tokenTypes"];
  const json& mods = provider["legend"]["tokenModifiers"];
  auto typeIndex = [&](const std::string& t) {
    for (std::size_t i = 0; i < types.size(); ++i)
      if (types[i] == t) return static_cast<std::uint32_t>(i);
    FAIL("no token type " << t);
    return 0u;
  };
  auto modBit = [&](const std::string& m) {
    for (std::size_t i = 0; i < mods.size(); ++i)
      if (mods[i] == m) return 1u << i;
    FAIL("no modifier " << m);
    return 0u;
  };

  const std::string uri = "file:///tokens.nix";
  c.open(uri, "let a = 1;\nin a\n", 1);
  const json full = c.request("textDocument/semanticTokens/full", doc(uri));
  REQUIRE(full["result"].is_object());
  const std::string id1 = full["result"]["resultId"].get<std::string>();
  const auto data1 = ints(full["result"]["data"]);
  const std::vector<std::uint32_t> expected = {
      0, 0, 3, typeIndex("keyword"),  0,                    // let
      0, 4, 1, typeIndex("variable"), modBit("declaration"),  // a
      0, 4, 1, typeIndex("number"),   0,                    // 1
      1, 0, 2, typeIndex("keyword"),  0,                    // in
      0, 3, 1, typeIndex("variable"), 0};                   // a
  CHECK(data1 == expected);

  // Make `a` a function: the tokens after the edit change.
  c.change(uri, 2, {{{"range", {{"start", {{"line", 0}, {"character", 8}}}, {"end", {{"line", 0}, {"character", 9}}}}},
                     {"text", "x: x"}}});
  json deltaParams = doc(uri);
  deltaParams["previousResultId"] = id1;
  const json delta = c.request("textDocument/semanticTokens/full/delta", deltaParams);
  REQUIRE(delta["result"].contains("edits"));
  const std::string id2 = delta["result"]["resultId"].get<std::string>();
  CHECK(id2 != id1);
  std::vector<std::uint32_t> patched = data1;
  for (const json& e : delta["result"]["edits"]) {
    const auto start = e["start"].get<std::size_t>();
    const auto del = e["deleteCount"].get<std::size_t>();
    const auto ins = ints(e.value("data", json::array()));
    patched.erase(patched.begin() + static_cast<std::ptrdiff_t>(start),
                  patched.begin() + static_cast<std::ptrdiff_t>(start + del));
    patched.insert(patched.begin() + static_cast<std::ptrdiff_t>(start), ins.begin(), ins.end());
  }
  // A full request now gives what the delta produced.
  const json full2 = c.request("textDocument/semanticTokens/full", doc(uri));
  CHECK(patched == ints(full2["result"]["data"]));
  CHECK(patched[5 + 3] == typeIndex("function"));

  // Unchanged text: an empty delta against the newest id.
  json same = doc(uri);
  same["previousResultId"] = full2["result"]["resultId"];
  const json none = c.request("textDocument/semanticTokens/full/delta", same);
  CHECK(none["result"]["edits"].empty());

  // An unknown (stale) id: a full result instead.
  json stale = doc(uri);
  stale["previousResultId"] = id1;
  const json fallback = c.request("textDocument/semanticTokens/full/delta", stale);
  CHECK(ints(fallback["result"]["data"]) == patched);

  // The second line only.
  json rangeParams = doc(uri);
  rangeParams["range"] = {{"start", {{"line", 1}, {"character", 0}}}, {"end", {{"line", 2}, {"character", 0}}}};
  const json range = c.request("textDocument/semanticTokens/range", rangeParams);
  CHECK(ints(range["result"]["data"]) ==
        std::vector<std::uint32_t>{1, 0, 2, typeIndex("keyword"), 0, 0, 3, 1, typeIndex("function"), 0});
  CHECK(c.closeAndWait() == 1);
}

TEST_CASE("semanticTokens: UTF-16 columns and lengths, multi-line comments split") {
  LspClient c;
  c.initialize();
  const std::string uri = "file:///utf16.nix";
  // "é" is one UTF-16 unit (two bytes); "𝄞" two units (four bytes).
  c.open(uri, "[ \"é𝄞\" /* x\ny */ 1 ]", 1);
  const json full = c.request("textDocument/semanticTokens/full", doc(uri));
  const auto d = ints(full["result"]["data"]);
  // Tokens: " é𝄞 " /* x  y */ 1
  REQUIRE(d.size() == 6 * 5);
  CHECK(std::vector<std::uint32_t>(d.begin() + 5, d.begin() + 8) == std::vector<std::uint32_t>{0, 1, 3});   // é𝄞
  CHECK(std::vector<std::uint32_t>(d.begin() + 10, d.begin() + 13) == std::vector<std::uint32_t>{0, 3, 1});  // "
  CHECK(std::vector<std::uint32_t>(d.begin() + 15, d.begin() + 18) == std::vector<std::uint32_t>{0, 2, 4});  // /* x
  CHECK(std::vector<std::uint32_t>(d.begin() + 20, d.begin() + 23) == std::vector<std::uint32_t>{1, 0, 4});  // y */
  CHECK(std::vector<std::uint32_t>(d.begin() + 25, d.begin() + 28) == std::vector<std::uint32_t>{0, 5, 1});  // 1
  CHECK(c.closeAndWait() == 1);
}
