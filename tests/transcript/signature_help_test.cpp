// Signature help through the real binary, with a second file on disk.

#include <doctest/doctest.h>

#include "tests/support/lsp_client.h"

using namespace fw::test;

TEST_CASE("signatureHelp: callPackage of a file on disk, while typing") {
  TempDir dir;
  dir.write("pkg.nix", "{ stdenv, withFoo ? false, ... }:\nstdenv.mkDerivation { }\n");
  const std::string main = dir.write("default.nix", "");
  LspClient c;
  const json init = c.initialize();
  const json& provider = init["result"]["capabilities"]["signatureHelpProvider"];
  CHECK(provider["triggerCharacters"] == json::array({"{", " "}));
  CHECK(provider["retriggerCharacters"] == json::array({";"}));
  const std::string uri = "file://" + main;
  // No closing brace yet.
  c.open(uri, "{ pkgs }:\npkgs.callPackage ./pkg.nix { withFoo = true; ", 1);
  const json r = c.request("textDocument/signatureHelp",
                           {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 1}, {"character", 45}}}});
  REQUIRE(r["result"].is_object());
  const json& sig = r["result"]["signatures"][0];
  const std::string label = sig["label"];
  CHECK(label == "pkgs.callPackage ./pkg.nix { stdenv, withFoo ? …, ... }");
  REQUIRE(sig["parameters"].size() == 2);
  // Offsets in UTF-16 units: "…" is one unit but three bytes.
  CHECK(sig["parameters"][0]["label"] == json::array({29, 35}));
  CHECK(sig["parameters"][1]["label"] == json::array({37, 44}));
  CHECK(sig["parameters"][1]["documentation"]["value"] == "default: `false`; already given");
  CHECK(sig["activeParameter"] == 0);
  CHECK(r["result"]["activeParameter"] == 0);
  // Outside any call: null.
  const json none = c.request("textDocument/signatureHelp",
                              {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 0}, {"character", 3}}}});
  CHECK(none["result"].is_null());
  CHECK(c.closeAndWait() == 1);
}
