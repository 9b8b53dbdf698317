#include <doctest/doctest.h>

#include "server/config.h"
#include "tests/support/lsp_client.h"

using namespace fw::server;

TEST_CASE("globs: *, ** and ?") {
  CHECK(globMatch("*.nix", "a.nix"));
  CHECK_FALSE(globMatch("*.nix", "dir/a.nix"));
  CHECK(globMatch("**/*.nix", "dir/sub/a.nix"));
  CHECK(globMatch("**/*.nix", "a.nix"));
  CHECK(globMatch("generated/**", "generated/x/y.nix"));
  CHECK_FALSE(globMatch("generated/**", "src/generated.nix"));
  CHECK(globMatch("pkgs/?.nix", "pkgs/a.nix"));
  CHECK_FALSE(globMatch("pkgs/?.nix", "pkgs/ab.nix"));
  CHECK(isExcluded({"vendor"}, "/r", "/r/vendor/x.nix"));
  CHECK_FALSE(isExcluded({"vendor"}, "/r", "/r/vendored.nix"));
  CHECK_FALSE(isExcluded({"**"}, "/r", "/elsewhere/x.nix"));
}

TEST_CASE("settings: bare or under flakewise, with problems reported") {
  std::vector<std::string> problems;
  const Settings s = parseSettings(nlohmann::json::parse(
      R"({"flakewise": {"diagnostics": {"disabled": ["unused-binding"], "exclude": ["gen/**"], "delayMs": 10}}})"),
      problems);
  CHECK(problems.empty());
  CHECK(s.disabled == std::vector<std::string>{"unused-binding"});
  CHECK(s.exclude == std::vector<std::string>{"gen/**"});
  CHECK(s.delayMs == 10);
  (void)parseSettings(nlohmann::json::parse(R"({"diagnostics": {"disabled": "x"}})"), problems);
  CHECK(problems.size() == 1);
}

TEST_CASE("settings: options sources, the editor's empty defaults mean none") {
  std::vector<std::string> problems;
  const Settings s = parseSettings(
      nlohmann::json::parse(R"({"options": {"json": "nixos/options.json", "nixos": true, "nixpkgs": "/src/nixpkgs"}})"),
      problems);
  CHECK(problems.empty());
  CHECK(s.optionsJson == "nixos/options.json");
  CHECK(s.nixosOptions == true);
  CHECK(s.nixpkgs == "/src/nixpkgs");
  const Settings d =
      parseSettings(nlohmann::json::parse(R"({"options": {"json": "", "nixos": false, "nixpkgs": ""}})"), problems);
  CHECK(problems.empty());
  CHECK_FALSE(d.optionsJson);
  CHECK(d.nixosOptions == false);
  CHECK_FALSE(d.nixpkgs);
  (void)parseSettings(nlohmann::json::parse(R"({"options": {"json": 1, "nixos": "yes"}})"), problems);
  CHECK(problems.size() == 2);
}

TEST_CASE("settings: the NixOS options child's time limit is whole seconds from 1 to 3600") {
  std::vector<std::string> problems;
  CHECK(parseSettings(nlohmann::json::parse(R"({"options": {"nixosTimeoutSeconds": 45}})"), problems)
            .nixosTimeoutSeconds == 45);
  CHECK(parseSettings(nlohmann::json::parse(R"({"options": {"nixosTimeoutSeconds": 3600}})"), problems)
            .nixosTimeoutSeconds == 3600);
  CHECK(problems.empty());
  for (const char* bad : {"0", "3601", "-5", "1.5", "\"60\"", "null"}) {
    CAPTURE(bad);
    problems.clear();
    const Settings s = parseSettings(
        nlohmann::json::parse(std::string(R"({"options": {"nixosTimeoutSeconds": )") + bad + "}}"), problems);
    CHECK_FALSE(s.nixosTimeoutSeconds);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "\"options.nixosTimeoutSeconds\" must be a whole number of seconds from 1 to 3600");
  }
}

TEST_CASE(".flakewise.json is found in a parent directory, bad JSON is reported") {
  fw::test::TempDir d;
  d.write(".flakewise.json", R"({"diagnostics": {"disabled": ["unused-with"]}})");
  const std::string f = d.write("a/b/c.nix", "1");
  std::vector<std::string> problems;
  const auto cfg = findProjectConfig(f, problems);
  REQUIRE(cfg);
  CHECK(cfg->root == d.path());
  CHECK(cfg->settings.disabled == std::vector<std::string>{"unused-with"});
  fw::test::TempDir bad;
  bad.write(".flakewise.json", "{ oops");
  CHECK_FALSE(loadProjectConfig(bad.path(), problems));
  CHECK(problems.back().find("invalid JSON") != std::string::npos);
}
