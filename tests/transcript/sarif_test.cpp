// `flakewise check --format sarif` and `--format github` through the real
// binary. The SARIF log is checked two ways: the structure code scanning
// needs (asserted here field by field), and validity against the SARIF
// 2.1.0 JSON schema with ajv (installed from npm by
// cmake/SarifValidator.cmake; node is a build requirement already).

#include <doctest/doctest.h>

#include <fstream>
#include <set>

#include "analysis/diagnostic_codes.h"
#include "analysis/features.h"
#include "parser/syntax_tree.h"
#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

RunResult check(const std::vector<std::string>& args) {
  std::vector<std::string> argv{flakewiseBinary(), "check"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

std::string validateSarif(const TempDir& d, const std::string& log) {
  const std::string file = d.write("log.sarif", log);
  const RunResult r = run({"node", std::string(FLAKEWISE_SOURCE_DIR) + "/tests/tools/sarif/validate.js",
                           FLAKEWISE_SARIF_NODE_MODULES, file});
  return r.out + r.err + (r.code == 0 ? "" : "exit " + std::to_string(r.code));
}

}  // namespace

TEST_CASE("check --format sarif: SARIF 2.1.0 with rules, help text, results and regions") {
  TempDir d;
  d.write("ok.nix", "{ a = 1; }\n");
  d.write("dir with space/bad.nix", "{\n  name = \"é\" x\n  b = 2;\n}\n");
  d.write("utf.nix", "{ a = \"\xff\"; }\n");
  const RunResult r = check({"--format", "sarif", d.path()});
  CHECK(r.code == 1);
  const json log = json::parse(r.out);
  CHECK(log["version"] == "2.1.0");
  CHECK(log["$schema"].get<std::string>().find("sarif-2.1.0") != std::string::npos);
  REQUIRE(log["runs"].size() == 1);
  const json& run0 = log["runs"][0];
  const json& driver = run0["tool"]["driver"];
  CHECK(driver["name"] == "flakewise");
  CHECK(driver["version"].is_string());
  // One rule for every code in the table, each with help text.
  REQUIRE(driver["rules"].size() == fw::diagnosticCodes().size());
  std::set<std::string> ruleIds;
  for (const json& rule : driver["rules"]) {
    ruleIds.insert(rule["id"].get<std::string>());
    CHECK(!rule["shortDescription"]["text"].get<std::string>().empty());
    CHECK(!rule["help"]["text"].get<std::string>().empty());
    CHECK(rule["defaultConfiguration"]["level"].is_string());
  }
  CHECK(ruleIds.count("syntax-error") == 1);
  CHECK(run0["columnKind"] == "utf16CodeUnits");
  // Results: the syntax error and the UTF-8 warning, with locations.
  const json& results = run0["results"];
  REQUIRE(results.size() == 2);
  bool sawSyntax = false, sawUtf8 = false;
  for (const json& res : results) {
    const std::string id = res["ruleId"];
    REQUIRE(res["ruleIndex"].is_number_integer());
    CHECK(driver["rules"][res["ruleIndex"].get<std::size_t>()]["id"] == id);
    CHECK(!res["message"]["text"].get<std::string>().empty());
    const json& loc = res["locations"][0]["physicalLocation"];
    const json& region = loc["region"];
    CHECK(region["startLine"].get<int>() >= 1);
    CHECK(region["startColumn"].get<int>() >= 1);
    CHECK(region["endLine"].get<int>() >= region["startLine"].get<int>());
    if (id == "syntax-error") {
      sawSyntax = true;
      CHECK(res["level"] == "error");
      CHECK(loc["artifactLocation"]["uri"].get<std::string>().ends_with("dir%20with%20space/bad.nix"));
      // After `"é" x` on line 2: columns in UTF-16 units (15, not 16 as bytes), 1-based.
      CHECK(region["startLine"] == 2);
      CHECK(region["startColumn"] == 15);
    }
    if (id == "invalid-utf8") {
      sawUtf8 = true;
      CHECK(res["level"] == "warning");
    }
  }
  CHECK(sawSyntax);
  CHECK(sawUtf8);
  CHECK(validateSarif(d, r.out) == "valid\n");
}

TEST_CASE("check --format sarif: a clean run is a valid log with no results") {
  TempDir d;
  d.write("ok.nix", "{ a = 1; }\n");
  const RunResult r = check({"--format", "sarif", d.path()});
  CHECK(r.code == 0);
  const json log = json::parse(r.out);
  CHECK(log["runs"][0]["results"].empty());
  CHECK(log["runs"][0]["invocations"][0]["executionSuccessful"] == true);
  CHECK(validateSarif(d, r.out) == "valid\n");
}

TEST_CASE("the SARIF validator rejects an invalid log") {
  TempDir d;
  CHECK(validateSarif(d, R"({"version": "2.1.0", "runs": [{"tool": {}}]})").find("driver") != std::string::npos);
}

TEST_CASE("check --format github: workflow annotation lines") {
  TempDir d;
  const std::string f = d.write("a,b.nix", "{\n  x = 1\n  y = 2;\n}\n");
  d.write("ok.nix", "{ }\n");
  const RunResult r = check({"--format=github", d.path()});
  CHECK(r.code == 1);
  const std::string escaped = [&] {
    std::string s;
    for (char c : f) s += c == ',' ? std::string("%2C") : std::string(1, c);
    return s;
  }();
  CHECK(r.out == "::error file=" + escaped +
                     ",line=2,col=8,endLine=2,endColumn=8,title=flakewise syntax-error::expected ';' "
                     "after binding\n"
                     "1 error, 0 warnings in 2 files checked\n");
}

TEST_CASE("every code the checks produce is in the code table") {
  // The codes of the corpus' diagnostics and of the checker's own.
  std::set<std::string> seen{"file-too-large"};
  for (const char* text : {"{ a = 1 }", "\xff", std::string("x\0y", 3).c_str(), "{ a = \"\xff\"; }"}) {
    for (const fw::Diagnostic& dg : fw::fileDiagnostics(*fw::SyntaxTree::parse(text))) seen.insert(dg.code);
  }
  const std::string nul("{ }\0", 4);
  for (const fw::Diagnostic& dg : fw::fileDiagnostics(*fw::SyntaxTree::parse(nul))) seen.insert(dg.code);
  for (const std::string& code : seen) {
    CAPTURE(code);
    CHECK(fw::findDiagnosticCode(code) != nullptr);
  }
  CHECK(seen.size() >= 3);
}
