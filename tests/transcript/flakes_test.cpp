// Flakes, flake.lock and package files through the real binary, on the
// fixture repositories of tests/fixtures/flakes (copied to a temporary
// directory): diagnostics of flake.nix, flake.lock and package files,
// output shape checks by evaluation, hover and completion of the flake
// schema and of the workspace's packages, links, inlay hints, quick fixes,
// and `flakewise check`.

#include <doctest/doctest.h>

#include <thread>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

namespace fs = std::filesystem;

const json kFast = {{"diagnostics", {{"delayMs", 0}}}};

std::string readAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A copy of tests/fixtures/flakes/<name>.
struct Fixture {
  TempDir dir;
  explicit Fixture(const std::string& name) {
    fs::copy(std::string(FLAKEWISE_SOURCE_DIR) + "/tests/fixtures/flakes/" + name, dir.path(),
             fs::copy_options::recursive);
  }
  [[nodiscard]] std::string path(const std::string& rel) const { return dir.path() + "/" + rel; }
  [[nodiscard]] std::string uri(const std::string& rel) const { return "file://" + path(rel); }
  [[nodiscard]] std::string text(const std::string& rel) const { return readAll(path(rel)); }
};

// The LSP position of the `nth` occurrence of `needle` in `text`, plus
// `shift` characters (ASCII fixtures: UTF-16 = bytes).
json posOf(const std::string& text, const std::string& needle, std::size_t shift = 0, int nth = 0) {
  std::size_t at = text.find(needle);
  for (int i = 0; i < nth && at != std::string::npos; ++i) at = text.find(needle, at + 1);
  REQUIRE_MESSAGE(at != std::string::npos, needle);
  at += shift;
  const std::size_t lineStart = text.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  const std::size_t col = lineStart == std::string::npos ? at : at - lineStart - 1;
  return {{"line", line}, {"character", col}};
}

// The LSP position of a byte offset (ASCII text).
json posAt(const std::string& text, std::size_t at) {
  const std::size_t line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  const std::size_t nl = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
  return {{"line", line}, {"character", nl == std::string::npos ? at : at - nl - 1}};
}

LspClient start(const Fixture& f, const json& options = kFast) {
  LspClient c;
  c.request("initialize", {{"processId", nullptr},
                           {"rootUri", "file://" + f.dir.path()},
                           {"capabilities", {{"workspace", {{"inlayHint", {{"refreshSupport", true}}}}}}},
                           {"initializationOptions", options}});
  c.notify("initialized", json::object());
  return c;
}

std::string hoverText(LspClient& c, const std::string& uri, const json& pos) {
  const json r = c.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos}});
  if (r["result"].is_null()) return "";
  return r["result"]["contents"]["value"].get<std::string>();
}

std::vector<std::string> labels(const json& completion) {
  std::vector<std::string> out;
  const json& items = completion["result"].is_array() ? completion["result"] : completion["result"]["items"];
  for (const json& it : items) out.push_back(it["label"].get<std::string>());
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// "code@line: message" of each diagnostic.
std::vector<std::string> summary(const json& publish) {
  std::vector<std::string> out;
  for (const json& d : publish["params"]["diagnostics"])
    out.push_back(d["code"].get<std::string>() + "@" + std::to_string(d["range"]["start"]["line"].get<int>() + 1) +
                  ": " + d["message"].get<std::string>());
  return out;
}

bool hasPrefix(const std::vector<std::string>& v, const std::string& p) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.starts_with(p); });
}

}  // namespace

TEST_CASE("flake.nix and its flake.lock: diagnostics of both on open") {
  Fixture f("starlight");
  LspClient c = start(f);
  c.open(f.uri("flake.nix"), f.text("flake.nix"));
  const auto flake = summary(c.waitDiagnostics(f.uri("flake.nix"), 1));
  INFO(flake.size());
  CHECK(hasPrefix(flake, "flake-lock-missing@6: input 'flake-utils' is not in flake.lock"));
  // The lock, not open, is published too.
  const auto lock = summary(c.waitDiagnostics(f.uri("flake.lock")));
  CHECK(hasPrefix(lock, "flake-lock-stale@37: flake.nix no longer declares input 'old-tools'"));
  CHECK(lock.size() == 1);
}

TEST_CASE("flake.lock opened with malformed JSON: the error at its position") {
  Fixture f("starlight");
  LspClient c = start(f);
  std::string lock = f.text("flake.lock");
  lock.replace(lock.find("\"version\": 7"), 12, "\"version\": 7,");
  c.open(f.uri("flake.lock"), lock);
  const json d = c.waitDiagnostics(f.uri("flake.lock"), 1);
  REQUIRE(d["params"]["diagnostics"].size() == 1);
  CHECK(d["params"]["diagnostics"][0]["code"] == "flake-lock-invalid");
  // The `}` after the trailing comma, on the last line.
  CHECK(d["params"]["diagnostics"][0]["message"] == "flake.lock is not valid JSON: trailing comma before '}'");
  // At the `}` after the trailing comma, on the last line.
  CHECK(d["params"]["diagnostics"][0]["range"]["start"] == json{{"line", 42}, {"character", 0}});
}

TEST_CASE("flake output shapes found by evaluating forAllSystems and eachDefaultSystem") {
  Fixture f("shapes");
  LspClient c = start(f);
  c.open(f.uri("flake.nix"), f.text("flake.nix"));
  const auto d = summary(c.waitDiagnostics(f.uri("flake.nix"), 1));
  CHECK(hasPrefix(d, "flake-unknown-system@10: 'aarch64-linx' is not a system of any Nix platform; did you mean 'aarch64-linux'?"));
  CHECK(hasPrefix(d, "flake-output-type@14: packages.x86_64-linux.hello is a string, not a derivation"));
  CHECK(hasPrefix(d, "flake-output-type@18: apps.x86_64-linux.broken has no program"));
  CHECK(hasPrefix(d, "flake-output-type@20: overlays.default is an attribute set, not an overlay"));
  CHECK(hasPrefix(d, "flake-deprecated-output@21: 'defaultPackage' is deprecated; use packages.<system>.default"));
  CHECK(hasPrefix(d, "flake-unknown-output@22: unknown flake output 'surprise'"));
  // From flake-utils.lib.eachDefaultSystem, merged with `//`.
  CHECK(hasPrefix(d, "flake-output-type@24: devShells.aarch64-darwin.default is an integer, not a derivation"));
  // `real` needs nixpkgs' packages: not evaluated, not reported.
  CHECK_FALSE(hasPrefix(d, "flake-output-type@15"));
}

TEST_CASE("the fixture flake has no output shape findings") {
  Fixture f("starlight");
  LspClient c = start(f);
  c.open(f.uri("flake.nix"), f.text("flake.nix"));
  const auto d = summary(c.waitDiagnostics(f.uri("flake.nix"), 1));
  for (const std::string& s : d) CHECK_FALSE(s.starts_with("flake-output-type"));
  for (const std::string& s : d) CHECK_FALSE(s.starts_with("flake-unknown"));
}

TEST_CASE("hover in flake.nix: an input with its lock, a schema attribute, an output") {
  Fixture f("starlight");
  LspClient c = start(f);
  const std::string text = f.text("flake.nix");
  c.open(f.uri("flake.nix"), text);
  const std::string input = hoverText(c, f.uri("flake.nix"), posOf(text, "nixpkgs.url", 2));
  CHECK(input.find("9f4128e00b0ae8ec65918efeba59db998750ead6") != std::string::npos);
  CHECK(input.find("NixOS/nixpkgs") != std::string::npos);
  CHECK(input.find("sha256-rwz8NJZV+387rnWpTYcXaRNvzUSnnF9aHONoJIYmiUQ=") != std::string::npos);
  const std::string desc = hoverText(c, f.uri("flake.nix"), posOf(text, "description", 2));
  CHECK(!desc.empty());
  const std::string packages = hoverText(c, f.uri("flake.nix"), posOf(text, "packages = ", 2));
  CHECK(packages.find("packages.<system>") != std::string::npos);
}

TEST_CASE("hover on workspace packages: pkgs.nur.x, inherit, self.packages, callPackage, buildInputs") {
  Fixture f("starlight");
  LspClient c = start(f);
  const std::string text = f.text("flake.nix");
  c.open(f.uri("flake.nix"), text);
  // pkgs.nur.comet: the facts of pkgs/comet, `rev = "v${version}"` evaluated.
  const std::string comet = hoverText(c, f.uri("flake.nix"), posOf(text, "pkgs.nur.comet", 10));
  CHECK(comet.find("**comet** 1.2.0 — a package of this workspace") != std::string::npos);
  CHECK(comet.find("Tracks comets across the night sky") != std::string::npos);
  CHECK(comet.find("- builder: `stdenv.mkDerivation`") != std::string::npos);
  CHECK(comet.find("- homepage: https://starlight.example/comet") != std::string::npos);
  CHECK(comet.find("- license: `lib.licenses.mit`") != std::string::npos);
  CHECK(comet.find("- source: starlight/comet@v1.2.0 (`fetchFromGitHub`)") != std::string::npos);
  CHECK(comet.find("Defined in `pkgs/default.nix`, built by `pkgs/comet/default.nix`.") != std::string::npos);
  // inherit (pkgs.nur) nebula: branch rev shown as written in the file.
  const std::string nebula = hoverText(c, f.uri("flake.nix"), posOf(text, "comet nebula", 6));
  CHECK(nebula.find("**nebula** 0.3.0") != std::string::npos);
  CHECK(nebula.find("- builder: `buildGoModule`") != std::string::npos);
  CHECK(nebula.find("- source: starlight/nebula@main") != std::string::npos);
  // self.packages.${system}.comet
  const std::string self = hoverText(c, f.uri("flake.nix"), posOf(text, "}.comet}", 2));
  CHECK(self.find("**comet** 1.2.0") != std::string::npos);
  // callPackage ./comet in the package set.
  const std::string set = f.text("pkgs/default.nix");
  c.open(f.uri("pkgs/default.nix"), set);
  const std::string path = hoverText(c, f.uri("pkgs/default.nix"), posOf(set, "./comet", 3));
  CHECK(path.find("**comet** 1.2.0") != std::string::npos);
  CHECK(path.find("Built by `pkgs/comet/default.nix`.") != std::string::npos);
  // The binding's name in the set (an overlay attribute).
  const std::string binding = hoverText(c, f.uri("pkgs/default.nix"), posOf(set, "nebula =", 1));
  CHECK(binding.find("**nebula** 0.3.0") != std::string::npos);
  // buildInputs: nebula is the workspace's, openssl comes from nixpkgs.
  const std::string pkg = f.text("pkgs/comet/default.nix");
  c.open(f.uri("pkgs/comet/default.nix"), pkg);
  const std::string dep = hoverText(c, f.uri("pkgs/comet/default.nix"), posOf(pkg, "nebula\n  ]", 1));
  CHECK(dep.find("**nebula** 0.3.0") != std::string::npos);
  const std::string openssl = hoverText(c, f.uri("pkgs/comet/default.nix"), posOf(pkg, "openssl\n    nebula", 1));
  CHECK(openssl.find("**openssl** — not defined in this workspace") != std::string::npos);
  CHECK(openssl.find("callPackage") != std::string::npos);
}

TEST_CASE("completion of pkgs. and pkgs.nur. from the workspace's overlay and package set") {
  Fixture f("starlight");
  LspClient c = start(f);
  const std::string uri = f.uri("modules/extra.nix");
  const std::string text = "{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.nur. ];\n}\n";
  c.open(uri, text);
  const json r = c.request("textDocument/completion",
                           {{"textDocument", {{"uri", uri}}}, {"position", posOf(text, "pkgs.nur.", 9)}});
  const auto l = labels(r);
  CHECK(contains(l, "comet"));
  CHECK(contains(l, "nebula"));
  for (const json& it : r["result"]["items"])
    if (it["label"] == "comet") CHECK(it["detail"] == "1.2.0 (stdenv.mkDerivation)");
  const std::string text2 = "{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.n ];\n}\n";
  c.change(uri, 2, {{{"text", text2}}});
  const json r2 = c.request("textDocument/completion",
                            {{"textDocument", {{"uri", uri}}}, {"position", posOf(text2, "pkgs.n", 6)}});
  CHECK(contains(labels(r2), "nur"));
}

TEST_CASE("completion in flake.nix: input attributes and outputs arguments") {
  Fixture f("starlight");
  LspClient c = start(f);
  std::string text = f.text("flake.nix");
  const std::string uri = f.uri("flake.nix");
  c.open(uri, text);
  // Inside the inputs set, a new input's attributes.
  text.insert(text.find("  };\n\n  outputs"), "    comet-src.\n");
  c.change(uri, 2, {{{"text", text}}});
  const json r = c.request("textDocument/completion",
                           {{"textDocument", {{"uri", uri}}}, {"position", posOf(text, "comet-src.", 10)}});
  const auto l = labels(r);
  CHECK(contains(l, "url"));
  CHECK(contains(l, "follows"));
  CHECK(contains(l, "flake"));
}

TEST_CASE("document links from input URLs to their web pages") {
  Fixture f("starlight");
  LspClient c = start(f);
  c.open(f.uri("flake.nix"), f.text("flake.nix"));
  const json r = c.request("textDocument/documentLink", {{"textDocument", {{"uri", f.uri("flake.nix")}}}});
  std::vector<std::string> targets;
  for (const json& l : r["result"]) targets.push_back(l["target"].get<std::string>());
  CHECK(contains(targets, "https://github.com/NixOS/nixpkgs/tree/nixos-24.05"));
  CHECK(contains(targets, "https://github.com/numtide/flake-utils"));
}

TEST_CASE("inlay hints of locked revisions: off by default, on by setting") {
  Fixture f("starlight");
  LspClient c = start(f);
  const std::string text = f.text("flake.nix");
  c.open(f.uri("flake.nix"), text);
  const json range = {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 60}, {"character", 0}}}};
  const json off = c.request("textDocument/inlayHint", {{"textDocument", {{"uri", f.uri("flake.nix")}}}, {"range", range}});
  CHECK(off["result"].empty());
  c.notify("workspace/didChangeConfiguration", {{"settings", {{"flakewise", {{"inlayHints", {{"lockedRevisions", true}}}}}}}});
  // The server asks the client to refresh its hints.
  const json refresh = c.waitFor([](const json& m) { return m.value("method", "") == "workspace/inlayHint/refresh"; });
  c.send({{"jsonrpc", "2.0"}, {"id", refresh["id"]}, {"result", nullptr}});
  const json on = c.request("textDocument/inlayHint", {{"textDocument", {{"uri", f.uri("flake.nix")}}}, {"range", range}});
  std::vector<std::string> hints;
  for (const json& h : on["result"]) hints.push_back(h["label"].get<std::string>());
  CHECK(contains(hints, "🔒 9f4128e (2024-07-03)"));
  CHECK(contains(hints, "not locked"));
}

TEST_CASE("package file: pin and hash findings with quick fixes") {
  Fixture f("starlight");
  LspClient c = start(f);
  const std::string uri = f.uri("pkgs/nebula.nix");
  const std::string text = f.text("pkgs/nebula.nix");
  c.open(uri, text);
  const json published = c.waitDiagnostics(uri, 1);
  const auto d = summary(published);
  CHECK(hasPrefix(d, "fetcher-branch-rev@15: rev \"main\" of fetchFromGitHub is a branch"));
  CHECK(hasPrefix(d, "fetcher-fake-hash@16: `lib.fakeHash` is a placeholder"));
  CHECK(hasPrefix(d, "fetcher-legacy-hash@21: sha256 is the legacy form: use hash = \"sha256-FtdCMtZmJD492XEdqu8rdTj4Se+qYs8Z+RqX6CxCDjQ=\""));
  CHECK(hasPrefix(d, "build-tool-in-build-inputs@25: `pkg-config` runs at build time"));
  const json diags = published["params"]["diagnostics"];
  json legacy;
  for (const json& x : diags)
    if (x["code"] == "fetcher-legacy-hash") legacy = x;
  const json actions = c.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}},
                                                            {"range", legacy["range"]},
                                                            {"context", {{"diagnostics", json::array({legacy})}}}});
  std::string newText;
  for (const json& a : actions["result"])
    for (const auto& [u, edits] : a["edit"]["changes"].items())
      for (const json& e : edits) newText += e["newText"].get<std::string>() + "|";
  CHECK(newText.find("sha256-FtdCMtZmJD492XEdqu8rdTj4Se+qYs8Z+RqX6CxCDjQ=") != std::string::npos);
}

TEST_CASE("NixOS module: the systemd hardening hint") {
  Fixture f("starlight");
  LspClient c = start(f);
  const std::string uri = f.uri("modules/comet.nix");
  c.open(uri, f.text("modules/comet.nix"));
  const auto d = summary(c.waitDiagnostics(uri, 1));
  CHECK(hasPrefix(d, "systemd-hardening@3: systemd service 'comet' runs as root"));
}

TEST_CASE("flakewise check on the fixture: flake, lock, package and module findings") {
  Fixture f("starlight");
  const RunResult r = run({flakewiseBinary(), "check", f.dir.path()});
  INFO(r.out);
  CHECK(r.code == 0);  // warnings and hints only
  CHECK(r.out.find("flake.lock:37:9: warning: flake.nix no longer declares input 'old-tools'") != std::string::npos);
  CHECK(r.out.find("flake.nix:6:5: warning: input 'flake-utils' is not in flake.lock") != std::string::npos);
  CHECK(r.out.find("pkgs/nebula.nix:15:12: warning: rev \"main\" of fetchFromGitHub is a branch") != std::string::npos);
  CHECK(r.out.find("0 errors, 4 warnings, 4 notes in 4 files (7 files checked)") != std::string::npos);
  const RunResult shapes = run({flakewiseBinary(), "check", std::string(FLAKEWISE_SOURCE_DIR) + "/tests/fixtures/flakes/shapes"});
  CHECK(shapes.code == 1);
  CHECK(shapes.out.find("error: packages.x86_64-linux.hello is a string, not a derivation [flake-output-type]") !=
        std::string::npos);
}

TEST_CASE("the bundled example: package hover through the overlay, and flakewise check's pin finding") {
  const std::string root = std::string(FLAKEWISE_SOURCE_DIR) + "/examples/nur-flake";
  LspClient c;
  c.request("initialize", {{"processId", nullptr}, {"rootUri", "file://" + root}, {"capabilities", json::object()},
                           {"initializationOptions", kFast}});
  c.notify("initialized", json::object());
  const std::string uri = "file://" + root + "/flake.nix";
  const std::string text = readAll(root + "/flake.nix");
  c.open(uri, text);
  // constellation: crane's buildPackage over `commonArgs // { … }`, with
  // pname, version and src inherited from a let.
  // Asked again while the server is still busy with its start (indexing,
  // the first parse, the option tree): package hovers need the exact tree.
  std::string con;
  for (int attempt = 0; attempt < 50 && con.empty(); ++attempt) {
    if (attempt) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    con = hoverText(c, uri, posOf(text, "pkgs.nur.constellation", 10));
  }
  CHECK(con.find("**constellation** 0.9.4 — a package of this workspace") != std::string::npos);
  CHECK(con.find("- builder: `craneLib.buildPackage`") != std::string::npos);
  CHECK(con.find("- source: starlight-labs/constellation@4f2a9c1e8b7d6053a1e9f0c2d4b6a8e0f1c3d5b7 (`fetchFromGitHub`)") !=
        std::string::npos);
  const std::string lan = hoverText(c, uri, posOf(text, "constellation lanternd", 14));
  CHECK(lan.find("**lanternd** 1.4.2") != std::string::npos);
  CHECK(lan.find("- source: starlight-labs/lanternd@main (`fetchFromGitHub`)") != std::string::npos);
  // A nixpkgs package: said to come from pkgs, nothing made up.
  const std::string go = hoverText(c, uri, posOf(text, "pkgs.go_1_22", 5));
  CHECK(go.find("**go_1_22** — not defined in this workspace; it comes from the package set `pkgs`") != std::string::npos);

  const RunResult r = run({flakewiseBinary(), "check", root});
  INFO(r.out);
  CHECK(r.code == 1);
  CHECK(r.out.find("modules/beacon.nix:28:49: error: expected ';' after binding [syntax-error]") != std::string::npos);
  CHECK(r.out.find("pkgs/lanternd/default.nix:16:12: warning: rev \"main\" of fetchFromGitHub is a branch") !=
        std::string::npos);
  CHECK(r.out.find("1 error, 1 warning in 2 files (9 files checked)") != std::string::npos);
}

TEST_CASE("hover in flake.lock: a node and an input edge, with what they pin and follow") {
  const std::string root = std::string(FLAKEWISE_SOURCE_DIR) + "/examples/nur-flake";
  LspClient c;
  c.request("initialize", {{"processId", nullptr}, {"rootUri", "file://" + root}, {"capabilities", json::object()},
                           {"initializationOptions", kFast}});
  c.notify("initialized", json::object());
  const std::string uri = "file://" + root + "/flake.lock";
  const std::string text = readAll(root + "/flake.lock");
  c.open(uri, text);
  // The transitive node of flake-utils, by its key in "nodes".
  const std::string systems = hoverText(c, uri, posOf(text, "\"systems\": {", 2));
  CHECK(systems.find("**flake-utils/systems** (node `systems`)") != std::string::npos);
  CHECK(systems.find("- rev: ") != std::string::npos);
  // rust-overlay's nixpkgs input follows ours.
  const std::size_t rustNode = text.find("\"rust-overlay\": {");
  const std::size_t edge = text.find("\"nixpkgs\": [", rustNode);
  REQUIRE(edge != std::string::npos);
  const std::string follows = hoverText(c, uri, posAt(text, edge + 2));
  CHECK(follows.find("**rust-overlay/nixpkgs**") != std::string::npos);
  CHECK(follows.find("Follows `nixpkgs` in flake.lock.") != std::string::npos);
  // No Nix completion in JSON.
  const json r = c.request("textDocument/completion", {{"textDocument", {{"uri", uri}}}, {"position", posOf(text, "\"owner\"", 2)}});
  CHECK(r["result"]["items"].empty());
}

TEST_CASE("hover on a nixpkgs package: facts from a child nix-instantiate, with a time limit") {
  Fixture f("starlight");
  const std::string nixpkgs = std::string(FLAKEWISE_SOURCE_DIR) + "/tests/fixtures/flakes/fake-nixpkgs";
  json options = kFast;
  options["packages"] = {{"sources", {nixpkgs}}, {"evalTimeoutMs", 1500}};
  LspClient c = start(f, options);
  const std::string uri = f.uri("pkgs/comet/default.nix");
  std::string text = f.text("pkgs/comet/default.nix");
  c.open(uri, text);
  const std::string openssl = hoverText(c, uri, posOf(text, "openssl\n    nebula", 1));
  CHECK(openssl.find("**openssl** 3.0.14 — from nixpkgs (`" + nixpkgs + "`)") != std::string::npos);
  CHECK(openssl.find("Cryptographic library that implements the SSL and TLS protocols") != std::string::npos);
  CHECK(openssl.find("- homepage: https://www.openssl.org/") != std::string::npos);
  CHECK(openssl.find("- license: Apache-2.0") != std::string::npos);
  CHECK(openssl.find("- defined at: `pkgs/development/libraries/openssl/default.nix:12`") != std::string::npos);
  // The workspace's own package is still the workspace's.
  CHECK(hoverText(c, uri, posOf(text, "nebula\n  ]", 1)).find("**nebula** 0.3.0 — a package of this workspace") !=
        std::string::npos);
  // A name nixpkgs lacks, one whose meta throws, one that outlives the limit.
  text.replace(text.find("    openssl\n"), 12, "    zlibx broken slow\n");
  c.change(uri, 2, {{{"text", text}}});
  const std::string missing = hoverText(c, uri, posOf(text, "zlibx", 1));
  CHECK(missing.find("**zlibx** — not defined in this workspace") != std::string::npos);
  CHECK(missing.find("nixpkgs has no `zlibx` here, or it does not evaluate: attribute 'zlibx' missing") !=
        std::string::npos);
  const std::string broken = hoverText(c, uri, posOf(text, "broken", 1));
  CHECK(broken.find("**broken** (broken-1.0) — from nixpkgs") != std::string::npos);
  const auto started = std::chrono::steady_clock::now();
  const std::string slow = hoverText(c, uri, posOf(text, "slow", 1));
  CHECK(slow.find("nixpkgs evaluation stopped after 1500 ms (time limit)") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(8));
  // Cached: the second hover does not start another process.
  const auto again = std::chrono::steady_clock::now();
  CHECK(hoverText(c, uri, posOf(text, "slow", 1)) == slow);
  CHECK(std::chrono::steady_clock::now() - again < std::chrono::milliseconds(1000));
}

TEST_CASE("flakewise check --format json on the mistakes fixture: one finding of each code where it is written") {
  const std::string dir = std::string(FLAKEWISE_SOURCE_DIR) + "/tests/fixtures/flakes/mistakes";
  const RunResult r = run({flakewiseBinary(), "check", "--format", "json", dir});
  CHECK(r.code == 1);
  const json found = json::parse(r.out);
  std::vector<std::string> got;
  for (const json& d : found)
    got.push_back(fs::path(d["file"].get<std::string>()).filename().string() + ":" +
                  std::to_string(d["range"]["start"]["line"].get<int>() + 1) + " " + d["code"].get<std::string>());
  INFO(r.out);
  for (const char* want : {"flake.nix:3 flake-attribute", "flake.nix:6 flake-lock-outdated", "flake.nix:7 flake-input-url",
                           "flake.nix:7 flake-lock-missing", "flake.nix:10 flake-input-attribute", "flake.nix:11 flake-follows",
                           "flake.nix:13 flake-unused-input", "flake.nix:22 flake-output-argument",
                           "tool.nix:6 builder-missing-argument", "tool.nix:10 fetcher-missing-hash",
                           "tool.nix:17 fetcher-invalid-hash", "tool.nix:22 meta-unknown-attribute"})
    CHECK_MESSAGE(contains(got, want), want);
}

TEST_CASE("flake.lock changed on disk: its diagnostics and the flake's are published again") {
  Fixture f("starlight");
  LspClient c = start(f);
  c.open(f.uri("flake.nix"), f.text("flake.nix"));
  CHECK(summary(c.waitDiagnostics(f.uri("flake.lock"))).size() == 1);
  CHECK(hasPrefix(summary(c.waitDiagnostics(f.uri("flake.nix"), 1)), "flake-lock-missing@6"));
  // `nix flake lock` ran: old-tools gone.
  std::string lock = f.text("flake.lock");
  const std::size_t node = lock.find("    \"old-tools\": {");
  const std::size_t rootNode = lock.find("    \"root\": {");
  lock.erase(node, rootNode - node);
  lock.replace(lock.find(",\n        \"old-tools\": \"old-tools\""), std::string(",\n        \"old-tools\": \"old-tools\"").size(), "");
  f.dir.write("flake.lock", lock);
  c.notify("workspace/didChangeWatchedFiles", {{"changes", {{{"uri", f.uri("flake.lock")}, {"type", 2}}}}});
  const json cleared = c.waitFor([&](const json& m) {
    return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == f.uri("flake.lock") &&
           m["params"]["diagnostics"].empty();
  });
  CHECK(cleared["params"]["diagnostics"].empty());
}
