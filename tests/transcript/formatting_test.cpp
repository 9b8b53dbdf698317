// Formatting through the real binary: textDocument/formatting,
// rangeFormatting and onTypeFormatting over LSP, the external formatter
// command, and `flakewise fmt` as CI runs it.

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

const json kFast = {{"diagnostics", {{"delayMs", 0}}}};

json pos(int line, int ch) { return {{"line", line}, {"character", ch}}; }

// Applies LSP TextEdits (UTF-16 positions; ASCII text here) to a text.
std::string apply(const std::string& text, const json& edits) {
  std::vector<std::size_t> lineStarts{0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') lineStarts.push_back(i + 1);
  auto offset = [&](const json& p) {
    return lineStarts.at(p["line"].get<std::size_t>()) + p["character"].get<std::size_t>();
  };
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> list;
  for (const json& e : edits)
    list.emplace_back(offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"].get<std::string>());
  std::sort(list.begin(), list.end());
  std::string out;
  std::size_t at = 0;
  for (const auto& [s, e, t] : list) {
    REQUIRE(s >= at);
    out += text.substr(at, s - at) + t;
    at = e;
  }
  return out + text.substr(at);
}

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("the server advertises formatting, range formatting and on-type formatting") {
  LspClient c;
  const json init = c.initialize(json::object(), kFast);
  const json& caps = init["result"]["capabilities"];
  CHECK(caps["documentFormattingProvider"] == true);
  CHECK(caps["documentRangeFormattingProvider"] == true);
  CHECK(caps["documentOnTypeFormattingProvider"]["firstTriggerCharacter"] == ";");
  CHECK(caps["documentOnTypeFormattingProvider"]["moreTriggerCharacter"] == json::array({"}"}));
}

TEST_CASE("textDocument/formatting returns minimal edits that give the formatted text") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///w/default.nix";
  const std::string text = "{ pkgs, ... }:\n{\n  a   =   1;\n  b = [ 1 2 ];\n  c = \"unchanged\";\n}\n";
  c.open(uri, text, 1);
  const json r = c.request("textDocument/formatting",
                           {{"textDocument", {{"uri", uri}}}, {"options", {{"tabSize", 2}, {"insertSpaces", true}}}});
  REQUIRE(r.contains("result"));
  const json& edits = r["result"];
  CHECK(apply(text, edits) ==
        "{ pkgs, ... }:\n{\n  a = 1;\n  b = [\n    1\n    2\n  ];\n  c = \"unchanged\";\n}\n");
  // Minimal: no edit touches the first two lines or the unchanged binding.
  for (const json& e : edits) {
    CHECK(e["range"]["start"]["line"] >= 2);
    CHECK(e["range"]["end"]["line"] <= 3);
  }
  // Formatting the formatted text: no edits.
  c.change(uri, 2, {{{"text", apply(text, edits)}}});
  const json again = c.request("textDocument/formatting", {{"textDocument", {{"uri", uri}}}, {"options", json::object()}});
  CHECK(again["result"].empty());
}

TEST_CASE("formatting a file with syntax errors fails with a clear message") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///w/broken.nix";
  c.open(uri, "{\n  a = 1\n  b = 2;\n}\n", 1);
  const json r = c.request("textDocument/formatting", {{"textDocument", {{"uri", uri}}}, {"options", json::object()}});
  REQUIRE(r.contains("error"));
  CHECK(r["error"]["code"] == -32803);
  CHECK(r["error"]["message"].get<std::string>().find("syntax errors (line 2") != std::string::npos);
}

TEST_CASE("rangeFormatting changes only the selected binding") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///w/r.nix";
  const std::string text = "{\n  a   =   1;\n  b   =   {  c  =  2;  };\n  d   =   3;\n}\n";
  c.open(uri, text, 1);
  const json r = c.request("textDocument/rangeFormatting",
                           {{"textDocument", {{"uri", uri}}},
                            {"range", {{"start", pos(2, 2)}, {"end", pos(2, 5)}}},
                            {"options", json::object()}});
  REQUIRE(r.contains("result"));
  CHECK(apply(text, r["result"]) == "{\n  a   =   1;\n  b = {\n    c = 2;\n  };\n  d   =   3;\n}\n");
}

TEST_CASE("onTypeFormatting formats the binding completed by semicolon and by '}'") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///w/t.nix";
  const std::string text = "{\n  a = 1;\n  b   =   {x=1;};\n  c =\n}\n";
  c.open(uri, text, 1);
  const json r = c.request("textDocument/onTypeFormatting",
                           {{"textDocument", {{"uri", uri}}}, {"position", pos(2, 17)}, {"ch", ";"},
                            {"options", json::object()}});
  REQUIRE(r.contains("result"));
  CHECK(apply(text, r["result"]) == "{\n  a = 1;\n  b = {\n    x = 1;\n  };\n  c =\n}\n");
  const json r2 = c.request("textDocument/onTypeFormatting",
                            {{"textDocument", {{"uri", uri}}}, {"position", pos(2, 16)}, {"ch", "}"},
                             {"options", json::object()}});
  CHECK(apply(text, r2["result"]) == "{\n  a = 1;\n  b = {\n    x = 1;\n  };\n  c =\n}\n");
}

TEST_CASE("formatter.command runs an external formatter, with a time limit and clear errors") {
  TempDir d;
  // A stand-in formatter: upper-cases the text.
  const std::string upper = d.write("upper.sh", "#!/bin/sh\ntr a-z A-Z\n");
  const std::string failing = d.write("fail.sh", "#!/bin/sh\necho 'nixfmt: cannot parse line 3' >&2\nexit 4\n");
  const std::string slow = d.write("slow.sh", "#!/bin/sh\nsleep 30\n");
  for (const std::string& s : {upper, failing, slow}) ::chmod(s.c_str(), 0755);

  LspClient c;
  c.initialize(json::object(), {{"diagnostics", {{"delayMs", 0}}}, {"formatter", {{"command", {upper}}}}});
  const std::string uri = "file:///w/e.nix";
  const std::string text = "{ a = 1; }\n";
  c.open(uri, text, 1);
  const json r = c.request("textDocument/formatting", {{"textDocument", {{"uri", uri}}}, {"options", json::object()}});
  REQUIRE(r.contains("result"));
  CHECK(apply(text, r["result"]) == "{ A = 1; }\n");

  c.notify("workspace/didChangeConfiguration", {{"settings", {{"formatter", {{"command", {failing, "--flag"}}}}}}});
  const json f = c.request("textDocument/formatting", {{"textDocument", {{"uri", uri}}}, {"options", json::object()}});
  REQUIRE(f.contains("error"));
  const std::string msg = f["error"]["message"];
  CHECK(msg.find("failed (exit code 4): nixfmt: cannot parse line 3") != std::string::npos);
  const json shown = c.waitNotification("window/showMessage");
  CHECK(shown["params"]["type"] == 1);

  c.notify("workspace/didChangeConfiguration",
           {{"settings", {{"formatter", {{"command", {slow}}, {"timeoutMs", 300}}}}}});
  const auto t0 = std::chrono::steady_clock::now();
  const json s = c.request("textDocument/formatting", {{"textDocument", {{"uri", uri}}}, {"options", json::object()}});
  CHECK(std::chrono::steady_clock::now() - t0 < 10s);
  REQUIRE(s.contains("error"));
  CHECK(s["error"]["message"].get<std::string>().find("did not finish within 300 ms") != std::string::npos);

  c.notify("workspace/didChangeConfiguration",
           {{"settings", {{"formatter", {{"command", {"/nonexistent/nixfmt"}}}}}}});
  const json m = c.request("textDocument/formatting", {{"textDocument", {{"uri", uri}}}, {"options", json::object()}});
  REQUIRE(m.contains("error"));
  CHECK(m["error"]["message"].get<std::string>().find("could not be started") != std::string::npos);

  // An empty command goes back to the built-in formatter.
  c.notify("workspace/didChangeConfiguration", {{"settings", {{"formatter", {{"command", json::array()}}}}}});
  const json b = c.request("textDocument/formatting", {{"textDocument", {{"uri", uri}}}, {"options", json::object()}});
  CHECK(b["result"].empty());
}

TEST_CASE("formatter settings: indentWidth and lineWidth") {
  LspClient c;
  c.initialize(json::object(), {{"formatter", {{"indentWidth", 4}}}});
  const std::string uri = "file:///w/i.nix";
  const std::string text = "{ a = { b = 1; }; }\n";
  c.open(uri, text, 1);
  const json r = c.request("textDocument/formatting", {{"textDocument", {{"uri", uri}}}, {"options", json::object()}});
  CHECK(apply(text, r["result"]) == "{\n    a = {\n        b = 1;\n    };\n}\n");
}

// ---------------------------------------------------------------- flakewise fmt

namespace {
RunResult fmt(const std::vector<std::string>& args, const std::string& input = "") {
  std::vector<std::string> argv{flakewiseBinary(), "fmt"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, input);
}
}  // namespace

TEST_CASE("fmt --check lists files that would change and exits 1, nothing is written") {
  TempDir d;
  const std::string bad = d.write("a.nix", "{ a   =   1; }\n");
  d.write("sub/b.nix", "{ b = 1; }\n");
  const RunResult r = fmt({"--check", d.path()});
  CHECK(r.code == 1);
  CHECK(r.out == bad + "\n");
  CHECK(r.err == "1 file would be reformatted, 1 unchanged\n");
  CHECK(readAll(bad) == "{ a   =   1; }\n");
  // Clean: exit 0.
  const RunResult ok = fmt({"--check", "-q", d.path() + "/sub"});
  CHECK(ok.code == 0);
  CHECK(ok.out.empty());
  CHECK(ok.err.empty());
}

TEST_CASE("fmt --diff prints a unified diff and writes nothing") {
  TempDir d;
  const std::string f = d.write("a.nix", "{ a   =   1;\n  b = 2; }\n");
  const RunResult r = fmt({"--diff", f});
  CHECK(r.code == 0);
  CHECK(r.out == "--- " + f + "\n+++ " + f +
                     "\n@@ -1,2 +1,4 @@\n-{ a   =   1;\n-  b = 2; }\n+{\n+  a = 1;\n+  b = 2;\n+}\n");
  CHECK(readAll(f) == "{ a   =   1;\n  b = 2; }\n");
  const RunResult both = fmt({"--check", "--diff", f});
  CHECK(both.code == 1);
}

TEST_CASE("fmt formats in place, keeps permissions, and leaves files with errors untouched") {
  TempDir d;
  const std::string f = d.write("a.nix", "{ a   =   1; }\n");
  ::chmod(f.c_str(), 0640);
  const std::string broken = d.write("broken.nix", "{ a = 1\n  b = 2; }\n");
  const RunResult r = fmt({d.path()});
  CHECK(r.code == 1);
  CHECK(readAll(f) == "{ a = 1; }\n");
  struct stat st {};
  REQUIRE(::stat(f.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
  CHECK(readAll(broken) == "{ a = 1\n  b = 2; }\n");
  CHECK(r.err.find(broken + ": not formatted: the file has syntax errors (line 1") != std::string::npos);
  CHECK(r.err.find("1 file reformatted, 0 unchanged, 1 not formatted") != std::string::npos);
  // No temporary files left behind.
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(d.path())) ++n;
  CHECK(n == 2);
}

TEST_CASE("fmt - formats standard input to standard output") {
  const RunResult r = fmt({"-"}, "{ a   =   1; }");
  CHECK(r.code == 0);
  CHECK(r.out == "{ a = 1; }\n");
  const RunResult c = fmt({"--check", "-"}, "{ a   =   1; }");
  CHECK(c.code == 1);
}

TEST_CASE("fmt: bad usage and unreadable paths exit 2") {
  CHECK(fmt({}).code == 2);
  CHECK(fmt({"--frobnicate", "x"}).code == 2);
  CHECK(fmt({"--line-width", "5", "x"}).code == 2);
  const RunResult r = fmt({"/nonexistent/dir"});
  CHECK(r.code == 2);
  CHECK(r.err.find("/nonexistent/dir") != std::string::npos);
}

TEST_CASE("formatting edits use the negotiated position encoding (UTF-16 by default)") {
  LspClient c;
  c.initialize(json::object(), kFast);
  const std::string uri = "file:///w/u.nix";
  // "é" is 2 bytes, 1 UTF-16 unit; "𝄞" 4 bytes, 2 units.
  const std::string text = "{ a = \"é𝄞\";   b   =   1; }\n";
  c.open(uri, text, 1);
  const json r = c.request("textDocument/formatting", {{"textDocument", {{"uri", uri}}}, {"options", json::object()}});
  REQUIRE(r.contains("result"));
  // An edit replaces the spaces after `"é𝄞";`: UTF-16 column 12 (14 in bytes).
  bool sawAfterString = false;
  for (const json& e : r["result"]) {
    if (e["range"]["start"]["line"] == 0 && e["range"]["start"]["character"] == 12) sawAfterString = true;
  }
  CHECK(sawAfterString);
}
