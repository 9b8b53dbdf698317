// The workspace: background indexing with $/progress, workspace/symbol,
// file watching through dynamic registration, and .flakewise.json.

#include <doctest/doctest.h>

#include <thread>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

std::string fileUri(const std::string& path) { return "file://" + path; }

// Answers the server's requests (progress token, registration) and returns
// them in order.
json answerServerRequest(LspClient& c, const std::string& method) {
  const json req = c.waitFor([&](const json& m) { return m.value("method", "") == method && m.contains("id"); });
  c.send({{"jsonrpc", "2.0"}, {"id", req["id"]}, {"result", nullptr}});
  return req;
}

bool hasSymbol(const json& result, const std::string& name, const std::string& file) {
  for (const json& s : result) {
    if (s["name"] == name && s["location"]["uri"].get<std::string>().ends_with(file)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("indexing reports progress, workspace/symbol finds bindings in files never opened") {
  TempDir d;
  d.write("flake.nix", "{ outputs = { self }: { packages.x86_64-linux.lanternd = 1; }; }\n");
  d.write("modules/lanternd.nix", "{ lib, ... }: { options.services.lanternd.enable = lib.mkEnableOption \"x\"; }\n");
  d.write(".git/ignored.nix", "{ shouldNotBeIndexed = 1; }\n");
  LspClient c;
  const json caps = {{"window", {{"workDoneProgress", true}}},
                     {"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}};
  c.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
          {"params", {{"processId", nullptr}, {"rootUri", fileUri(d.path())}, {"capabilities", caps}}}});
  const json init = c.waitResponse(1);
  CHECK(init["result"]["capabilities"]["workspaceSymbolProvider"] == true);
  c.notify("initialized", json::object());
  const json reg = answerServerRequest(c, "client/registerCapability");
  CHECK(reg["params"]["registrations"][0]["method"] == "workspace/didChangeWatchedFiles");
  const json create = answerServerRequest(c, "window/workDoneProgress/create");
  const json token = create["params"]["token"];
  const json begin = c.waitNotification("$/progress");
  CHECK(begin["params"]["token"] == token);
  CHECK(begin["params"]["value"]["kind"] == "begin");
  const json end = c.waitFor([](const json& m) {
    return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "end";
  });
  CHECK(end["params"]["value"]["message"] == "Indexed 2 files");
  const json r = c.request("workspace/symbol", {{"query", "lanternd"}});
  CHECK(hasSymbol(r["result"], "lanternd", "/flake.nix"));
  CHECK(hasSymbol(r["result"], "lanternd", "/modules/lanternd.nix"));
  const json none = c.request("workspace/symbol", {{"query", "shouldNotBeIndexed"}});
  CHECK(none["result"].empty());
  // A file created later, reported by the watcher.
  const std::string added = d.write("pkgs/beacon.nix", "{ beaconPackage = 1; }\n");
  c.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", fileUri(added)}, {"type", 1}}}}});
  bool found = false;
  for (int i = 0; i < 100 && !found; ++i) {
    found = hasSymbol(c.request("workspace/symbol", {{"query", "beaconPackage"}})["result"], "beaconPackage", "/pkgs/beacon.nix");
    if (!found) std::this_thread::sleep_for(20ms);
  }
  CHECK(found);
  c.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", fileUri(added)}, {"type", 3}}}}});
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = c.request("workspace/symbol", {{"query", "beaconPackage"}})["result"].empty();
    if (!gone) std::this_thread::sleep_for(20ms);
  }
  CHECK(gone);
}

TEST_CASE(".flakewise.json silences codes and excludes paths, in the editor and in check") {
  TempDir d;
  d.write(".flakewise.json", R"({"diagnostics": {"disabled": ["unused-binding"], "exclude": ["generated/**"]}})");
  const std::string a = d.write("a.nix", "let unused = 1; in missing\n");
  const std::string g = d.write("generated/big.nix", "{ a = ; }\n");
  LspClient c;
  c.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
          {"params", {{"rootUri", fileUri(d.path())}, {"capabilities", json::object()},
                      {"initializationOptions", {{"diagnostics", {{"delayMs", 0}}}}}}}});
  c.waitResponse(1);
  c.notify("initialized", json::object());
  c.open(fileUri(a), "let unused = 1; in missing\n");
  const json da = c.waitDiagnostics(fileUri(a), 1);
  REQUIRE(da["params"]["diagnostics"].size() == 1);
  CHECK(da["params"]["diagnostics"][0]["code"] == "undefined-variable");
  c.open(fileUri(g), "{ a = ; }\n");
  CHECK(c.waitDiagnostics(fileUri(g), 1)["params"]["diagnostics"].empty());
  // The same rules in `flakewise check`.
  const RunResult r = run({flakewiseBinary(), "check", "--format", "json", d.path()});
  const json j = json::parse(r.out);
  REQUIRE(j.size() == 1);
  CHECK(j[0]["code"] == "undefined-variable");
  CHECK(r.code == 1);
}

TEST_CASE("references of an attribute reach the files that import it") {
  TempDir d;
  const std::string lib = d.write("lib.nix", "{\n  greet = name: \"hi ${name}\";\n}\n");
  d.write("a.nix", "let lib = import ./lib.nix; in lib.greet \"a\"\n");
  LspClient c;
  c.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
          {"params", {{"rootUri", fileUri(d.path())}, {"capabilities", json::object()}}}});
  c.waitResponse(1);
  c.notify("initialized", json::object());
  c.open(fileUri(lib), "{\n  greet = name: \"hi ${name}\";\n}\n");
  // The index is built in the background: ask until a.nix is known.
  json refs;
  for (int i = 0; i < 100; ++i) {
    refs = c.request("textDocument/references", {{"textDocument", {{"uri", fileUri(lib)}}},
                                                 {"position", {{"line", 1}, {"character", 3}}},
                                                 {"context", {{"includeDeclaration", true}}}});
    if (refs["result"].size() == 2) break;
    std::this_thread::sleep_for(20ms);
  }
  REQUIRE(refs["result"].size() == 2);
  CHECK(refs["result"][1]["uri"] == fileUri(d.path() + "/a.nix"));
  CHECK(refs["result"][1]["range"]["start"] == json{{"line", 0}, {"character", 35}});
}

TEST_CASE("rename of an attribute edits the files that import it, or says which use stops it") {
  TempDir d;
  const std::string libText = "{\n  greet = name: \"hi ${name}\";\n}\n";
  const std::string lib = d.write("lib.nix", libText);
  d.write("a.nix", "let lib = import ./lib.nix; in lib.greet \"a\"\n");
  d.write("b.nix", "{ inherit (import ./lib.nix) greet; }\n");
  LspClient c;
  c.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
          {"params", {{"rootUri", fileUri(d.path())}, {"capabilities", json::object()}}}});
  c.waitResponse(1);
  c.notify("initialized", json::object());
  c.open(fileUri(lib), libText);
  const json at = {{"textDocument", {{"uri", fileUri(lib)}}}, {"position", {{"line", 1}, {"character", 3}}}};
  const json prep = c.request("textDocument/prepareRename", at);
  CHECK(prep["result"]["placeholder"] == "greet");
  CHECK(prep["result"]["range"]["start"] == json{{"line", 1}, {"character", 2}});
  json params = at;
  params["newName"] = "hello";
  // The index is built in the background: ask until both importers are known.
  json r;
  for (int i = 0; i < 100; ++i) {
    r = c.request("textDocument/rename", params);
    if (r["result"]["changes"].size() == 3) break;
    std::this_thread::sleep_for(20ms);
  }
  const json& changes = r["result"]["changes"];
  REQUIRE(changes.size() == 3);
  CHECK(changes[fileUri(lib)][0]["newText"] == "hello");
  CHECK(changes[fileUri(d.path() + "/a.nix")][0]["newText"] == "hello");
  CHECK(changes[fileUri(d.path() + "/a.nix")][0]["range"]["start"] == json{{"line", 0}, {"character", 35}});
  CHECK(changes[fileUri(d.path() + "/b.nix")][0]["newText"] == "greet = (import ./lib.nix).hello;");

  // A file that hands the set to a function it cannot see into stops it.
  const std::string cText = "let l = import ./lib.nix; in builtins.attrValues l\n";
  c.open(fileUri(d.write("c.nix", cText)), cText);
  json refused;
  for (int i = 0; i < 100; ++i) {
    refused = c.request("textDocument/rename", params);
    if (refused.contains("error")) break;
    std::this_thread::sleep_for(20ms);
  }
  CHECK(refused["error"]["code"] == -32803);
  CHECK(refused["error"]["message"] ==
        "cannot rename 'greet' everywhere: c.nix line 1 uses the set in a way flakewise cannot follow");
}
