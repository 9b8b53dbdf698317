// flake.lock reading: nodes, follows, positions of problems.

#include <doctest/doctest.h>

#include "analysis/flakes/json_value.h"
#include "analysis/flakes/lock_file.h"

using namespace fw::flakes;

namespace {

const char* kLock = R"({
  "nodes": {
    "nixpkgs": {
      "locked": {
        "lastModified": 1720535198,
        "narHash": "sha256-XlWtM3Sdj1vT1Hn5eVgHeYY+7CIJ9Db2lDhHOC4ztmk=",
        "owner": "NixOS",
        "repo": "nixpkgs",
        "rev": "37c3bed9167def190667f7a974849df5b5c9c5dc",
        "type": "github"
      },
      "original": { "owner": "NixOS", "ref": "nixos-24.05", "repo": "nixpkgs", "type": "github" }
    },
    "root": { "inputs": { "nixpkgs": "nixpkgs", "tool": "tool" } },
    "tool": {
      "inputs": { "nixpkgs": [ "nixpkgs" ] },
      "locked": { "narHash": "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "path": "/x", "type": "path" },
      "original": { "path": "/x", "type": "path" },
      "flake": false
    }
  },
  "root": "root",
  "version": 7
})";

}  // namespace

TEST_CASE("lock file: nodes, inputs and follows") {
  const LockFile lock = parseLockFile(kLock);
  CHECK(lock.problems.empty());
  CHECK(lock.version == 7);
  REQUIRE(lock.rootNode());
  CHECK(lock.rootNode()->inputs.size() == 2);
  const LockNode* nixpkgs = lock.resolve({"nixpkgs"});
  REQUIRE(nixpkgs);
  CHECK(nixpkgs->lockedAttr("rev") == "37c3bed9167def190667f7a974849df5b5c9c5dc");
  CHECK(nixpkgs->lockedAttr("lastModified") == "1720535198");
  CHECK(nixpkgs->originalAttr("ref") == "nixos-24.05");
  // tool/nixpkgs follows the root's nixpkgs.
  CHECK(lock.resolve({"tool", "nixpkgs"}) == nixpkgs);
  const LockNode* tool = lock.resolve({"tool"});
  REQUIRE(tool);
  CHECK_FALSE(tool->flake);
  REQUIRE(tool->input("nixpkgs"));
  CHECK(tool->input("nixpkgs")->follows == std::vector<std::string>{"nixpkgs"});
  CHECK(lock.resolve({"missing"}) == nullptr);
  // Ranges point into the text.
  const std::string_view text = kLock;
  const LockInputEdge* edge = lock.rootNode()->input("tool");
  REQUIRE(edge);
  CHECK(text.substr(edge->nameRange.start, edge->nameRange.length()) == "\"tool\"");
}

TEST_CASE("lock file: malformed JSON is reported at its position") {
  const std::string text = "{\n  \"nodes\": {\n    \"root\": {},\n  },\n  \"version\": 7\n}";
  const LockFile lock = parseLockFile(text);
  CHECK(lock.syntaxError);
  REQUIRE(lock.problems.size() == 1);
  CHECK(lock.problems[0].message == "flake.lock is not valid JSON: trailing comma before '}'");
  // Line 4 ("  },"), at the '}'.
  CHECK(lock.problems[0].range.start == text.find("},\n  \"version"));

  CHECK(parseLockFile("{\"a\": tru}").problems[0].message.find("expected a value") != std::string::npos);
  CHECK(parseLockFile("{\"a\": \"x}").problems[0].message.find("unterminated string") != std::string::npos);
  CHECK(parseLockFile("{\"a\": 1, \"a\": 2}").problems[0].message.find("duplicate key") != std::string::npos);
  CHECK(parseLockFile("").problems[0].message.find("end of file") != std::string::npos);
  CHECK(parseLockFile(std::string(1000, '[')).problems[0].message.find("nested too deeply") != std::string::npos);
  // UTF-16 surrogates come in pairs, as Nix's JSON reader requires.
  CHECK(parseLockFile(R"({"a": "\ud800"})").problems[0].message ==
        "flake.lock is not valid JSON: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
  CHECK(parseLockFile(R"({"a": "\ud800\u0041"})").problems[0].message.find("must be followed by") != std::string::npos);
  CHECK(parseLockFile(R"({"a": "\udc00"})").problems[0].message ==
        "flake.lock is not valid JSON: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
  const JsonParse pair = parseJson(R"("\ud83d\ude00")");
  REQUIRE(pair.value);
  CHECK(pair.value->text == "\xF0\x9F\x98\x80");
}

TEST_CASE("lock file: shape problems") {
  LockFile lock = parseLockFile(R"({"nodes": {"root": {"inputs": {"a": "gone"}}}, "root": "root", "version": 7})");
  REQUIRE(lock.problems.size() == 1);
  CHECK(lock.problems[0].message == "input \"a\" refers to node \"gone\", which does not exist");
  lock = parseLockFile(R"({"nodes": {"root": {}}, "root": "root", "version": 3})");
  REQUIRE(lock.problems.size() == 1);
  CHECK(lock.problems[0].message.find("version 3") != std::string::npos);
  lock = parseLockFile(R"({"root": "root", "version": 7})");
  REQUIRE(lock.problems.size() == 1);
  CHECK(lock.problems[0].message.find("\"nodes\"") != std::string::npos);
}

TEST_CASE("lock file: time stamps (checked with date -u -d @N)") {
  CHECK(formatTimestamp(1720535198) == "2024-07-09 14:26 UTC");
  CHECK(formatTimestamp(1681028828) == "2023-04-09 08:27 UTC");
  CHECK(formatTimestamp(0) == "1970-01-01 00:00 UTC");
  CHECK(formatTimestamp(951782400) == "2000-02-29 00:00 UTC");
}
