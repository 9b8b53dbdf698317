// `flakewise options` through the real binary: the option tree of
// tests/options/differential/modules compared with what the real
// nix-instantiate computes for the same modules with a lib's evalModules
// (option-docs.nix, and expected.json checked in), JSON and text output,
// failing modules on stderr with the rest still printed.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tests/support/lsp_client.h"

using namespace fw::test;
using nlohmann::json;

namespace {

const std::string kDir = std::string(FLAKEWISE_SOURCE_DIR) + "/tests/options/differential";

std::string nixCommand() {
  const char* v = std::getenv("FLAKEWISE_NIX_INSTANTIATE");
  return v && *v ? v : "nix-instantiate";
}

RunResult optionsCli(const std::vector<std::string>& args) {
  std::vector<std::string> argv{flakewiseBinary(), "options"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

// Declarations as (file relative to modules/, line), sorted: flakewise
// lists them in the order it meets the modules (it starts from every file
// of the directory), and its column is that of the option's name where
// Nix 2.8 gives the start of a dotted binding (docs/OPTIONS.md).
json comparable(const json& option, const std::string& prefix) {
  json o = option;
  std::vector<std::pair<std::string, int>> decls;
  for (const json& d : option["declarations"]) {
    std::string f = d["file"];
    if (f.starts_with(prefix)) f = f.substr(prefix.size());
    decls.emplace_back(f, d["line"].is_number() ? d["line"].get<int>() : 0);
  }
  std::sort(decls.begin(), decls.end());
  o["declarations"] = json::array();
  for (auto& [f, l] : decls) o["declarations"].push_back({{"file", f}, {"line", l}});
  return o;
}

// Every field the reference has, flakewise has with the same value.
void compareTrees(const json& flakewise, const json& reference) {
  REQUIRE(flakewise.is_array());
  REQUIRE(reference.is_array());
  std::vector<std::string> fwPaths, refPaths;
  for (const json& o : flakewise) fwPaths.push_back(o["path"]);
  for (const json& o : reference) refPaths.push_back(o["path"]);
  CHECK(fwPaths == refPaths);
  for (std::size_t i = 0; i < std::min(flakewise.size(), reference.size()); ++i) {
    const json a = comparable(flakewise[i], kDir + "/modules/");
    const json b = comparable(reference[i], "");
    for (const auto& item : b.items()) {
      // (Not a structured binding: clang 14 cannot capture one in INFO.)
      const std::string key = item.key();
      const json& value = item.value();
      INFO("option " << b["path"] << ", field " << key);
      CHECK(a.contains(key));
      if (a.contains(key)) CHECK(a[key].dump() == value.dump());
    }
    // Columns: at or after the start of the binding.
    for (std::size_t d = 0; d < reference[i]["declarations"].size(); ++d) {
      const json& rd = reference[i]["declarations"][d];
      if (!rd["column"].is_number()) continue;
      bool found = false;
      for (const json& fd : flakewise[i]["declarations"]) {
        if (fd["line"] == rd["line"] && fd["column"].get<int>() >= rd["column"].get<int>()) found = true;
      }
      INFO("option " << reference[i]["path"]);
      CHECK(found);
    }
  }
}

json flakewiseTree() {
  const RunResult r = optionsCli({"--format", "json", "--show-hidden", "--builtin-lib", kDir + "/modules"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("options --format json equals the tree nix-instantiate computes with evalModules") {
  const RunResult nix = run({nixCommand(), "--eval", "--strict", "--json", "--arg", "lib",
                             "import " + std::string(FLAKEWISE_SOURCE_DIR) + "/analysis/options/nix/lib", "--arg",
                             "root", kDir, kDir + "/option-docs.nix"});
  INFO(nix.err);
  REQUIRE_MESSAGE(nix.code == 0, "'" << nixCommand() << "' failed; install nix-bin (scripts/setup.sh --tests)");
  const json reference = json::parse(nix.out);
  CHECK(reference.size() == 34);
  compareTrees(flakewiseTree(), reference);
}

TEST_CASE("options --format json equals the checked-in expected tree") {
  std::string err;
  const RunResult cat = run({"cat", kDir + "/expected.json"});
  REQUIRE(cat.code == 0);
  compareTrees(flakewiseTree(), json::parse(cat.out));
}

TEST_CASE("options: nixpkgs' type descriptions, sorted paths, hidden options only on request") {
  const RunResult r = optionsCli({"--format", "json", kDir + "/modules"});
  REQUIRE(r.code == 0);
  const json tree = json::parse(r.out);
  std::map<std::string, json> byPath;
  std::vector<std::string> paths;
  for (const json& o : tree) {
    paths.push_back(o["path"]);
    byPath[o["path"]] = o;
  }
  CHECK(std::is_sorted(paths.begin(), paths.end()));
  CHECK(byPath["services.web.port"]["type"] == "16 bit unsigned integer; between 0 and 65535 (both inclusive)");
  CHECK(byPath["services.web.workers"]["type"] == "null or (positive integer, meaning >0)");
  CHECK(byPath["services.web.logLevel"]["type"] == "one of \"debug\", \"info\", \"warn\"");
  CHECK(byPath["services.web.mode"]["type"] == "string or signed integer convertible to it");
  CHECK(byPath["services.web.virtualHosts.<name>.locations.*.proxy"]["type"] == "string or signed integer");
  CHECK(byPath["services.web.port"]["default"]["text"] == "8080");
  CHECK(byPath["services.web.port"]["description"] == "Port web listens on.");
  // Invisible (renamed, removed) and internal options need --show-hidden.
  CHECK(byPath.count("services.web.listenPort") == 0);
  CHECK(byPath.count("services.web.secretFile") == 0);
  CHECK(r.err.empty());
}

TEST_CASE("options: a failing module is reported on stderr and the others still print") {
  TempDir d;
  d.write("good.nix", "{ lib, ... }: { options.good.enable = lib.mkEnableOption \"good\"; }\n");
  d.write("bad.nix", "{ lib, ... }: { options = throw \"broken module\"; config = { }; }\n");
  d.write("loop.nix", "{ lib, ... }: let f = x: f (x + 1); in { options.loop.x = f 0; }\n");
  const RunResult r = optionsCli({"--format", "json", d.path()});
  CHECK(r.code == 1);
  const json tree = json::parse(r.out);
  REQUIRE(tree.size() == 1);
  CHECK(tree[0]["path"] == "good.enable");
  CHECK(tree[0]["type"] == "boolean");
  CHECK(tree[0]["declarations"][0]["file"] == d.path() + "/good.nix");
  CHECK(tree[0]["declarations"][0]["line"] == 1);
  INFO(r.err);
  CHECK(r.err.find("bad.nix: ") != std::string::npos);
  CHECK(r.err.find("broken module") != std::string::npos);
  CHECK(r.err.find("loop.nix: ") != std::string::npos);
}

TEST_CASE("options --format text and usage errors") {
  TempDir d;
  d.write("m.nix",
          "{ lib, ... }: {\n  options.services.foo.port = lib.mkOption {\n    type = lib.types.port;\n"
          "    default = 80;\n    description = \"The port.\";\n  };\n}\n");
  RunResult r = optionsCli({d.path() + "/m.nix"});
  CHECK(r.code == 0);
  CHECK(r.out ==
        "services.foo.port\n"
        "  type: 16 bit unsigned integer; between 0 and 65535 (both inclusive)\n"
        "  default: 80\n"
        "  description: The port.\n"
        "  declared in: " + d.path() + "/m.nix:2:24\n"
        "\n"
        "1 options from 1 module files\n");
  r = optionsCli({});
  CHECK(r.code == 2);
  r = optionsCli({"--format", "yaml", d.path()});
  CHECK(r.code == 2);
}

TEST_CASE("options of the example flake: imports through flake arguments are notes, not failures") {
  const RunResult r = optionsCli({"--format", "json", std::string(FLAKEWISE_SOURCE_DIR) + "/examples/nur-flake"});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find("note: ") != std::string::npos);
  const json tree = json::parse(r.out);
  std::map<std::string, json> byPath;
  for (const json& o : tree) byPath[o["path"]] = o;
  CHECK(byPath.count("services.beacon.enable") == 1);
  CHECK(byPath["services.lanternd.port"]["type"] == "16 bit unsigned integer; between 0 and 65535 (both inclusive)");
}

TEST_CASE("options with a nixpkgs lib from --lib and <nixpkgs>: the same tree") {
  // A stand-in nixpkgs: the built-in lib's files under nixpkgs/lib (no
  // nixpkgs is available on the test machines).
  TempDir d;
  const std::string lib = std::string(FLAKEWISE_SOURCE_DIR) + "/analysis/options/nix/lib";
  for (const char* f : {"default.nix", "attrsets.nix", "generators.nix", "lists.nix", "meta.nix", "modules.nix",
                        "options.nix", "strings.nix", "trivial.nix", "types.nix"}) {
    const RunResult cat = run({"cat", lib + "/" + f});
    REQUIRE(cat.code == 0);
    d.write(std::string("nixpkgs/lib/") + f, cat.out);
  }
  const json builtin = flakewiseTree();
  RunResult r = optionsCli({"--format", "json", "--show-hidden", "--lib", d.path() + "/nixpkgs", kDir + "/modules"});
  CHECK(r.code == 0);
  CHECK(r.err.find("evaluating with the nixpkgs lib of the configured nixpkgs") != std::string::npos);
  CHECK(json::parse(r.out) == builtin);
  r = optionsCli({"--format", "json", "--show-hidden", "-I", "nixpkgs=" + d.path() + "/nixpkgs", kDir + "/modules"});
  CHECK(r.err.find("evaluating with the nixpkgs lib of <nixpkgs> on the search path") != std::string::npos);
  CHECK(json::parse(r.out) == builtin);
  r = optionsCli({"--lib", d.path(), kDir + "/modules"});
  CHECK(r.code == 2);
}
