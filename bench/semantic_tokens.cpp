// Semantic tokens of a generated 1 MiB Nix file, in process: the
// classification (analysis), LSP's integer encoding, the JSON the server
// writes, a range request of one screen, and a delta after a keystroke.
//
//   build/bin/bench_semantic_tokens [--runs N] [--size BYTES]
//
// Prints p50/p99 per step in milliseconds (p99 is the slowest run when
// there are fewer than 100).

#include "analysis/semantic_tokens.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "server/handlers_edit.h"

namespace {

using Clock = std::chrono::steady_clock;

// A package set in the style of nixpkgs: derivations with strings,
// interpolations, indented scripts, comments, lists, helper functions,
// `inherit`, `with`, selections and builtins.
std::string generate(std::size_t target) {
  std::string s =
      "# Generated for the semantic tokens benchmark.\n"
      "{ lib, pkgs, stdenv, fetchurl, ... }:\n"
      "let\n"
      "  inherit (lib) optional optionals mkIf;\n"
      "  /* Shared settings,\n     over two lines. */\n"
      "  common = { doCheck = true; enableParallelBuilding = true; };\n"
      "in\n"
      "with pkgs;\n"
      "rec {\n";
  for (int i = 0; s.size() < target; ++i) {
    const std::string n = std::to_string(i);
    s += "  pkg" + n + " = stdenv.mkDerivation (common // rec {\n";
    s += "    pname = \"pkg" + n + "\";\n";
    s += "    version = \"1." + n + ".0\";\n";
    s += "    src = fetchurl {\n";
    s += "      url = \"https://example.org/${pname}-${version}.tar.gz\";\n";
    s += "      sha256 = \"0b" + std::string(50, 'a') + "\";\n";
    s += "    };\n";
    s += "    buildInputs = [ zlib openssl ] ++ optional stdenv.isLinux systemd;\n";
    s += "    patches = [ ./patches/fix-" + n + ".patch ];\n";
    s += "    postInstall = ''\n      mkdir -p $out/bin\n      cp ${pname} $out/bin/ # copy\n"
         "      echo ''${HOME} \"done\\n\"\n    '';\n";
    s += "    meta = with lib; {\n";
    s += "      description = \"Package number " + n + "\";\n";
    s += "      license = licenses.mit;\n";
    s += "      platforms = platforms.all;\n";
    s += "    };\n";
    s += "  });\n";
    s += "  helper" + n + " = { a, b ? " + n +
         ", ... }@args: if a > b then a - b else builtins.length [ a b ];\n";
    s += "  use" + n + " = helper" + n + " { a = " + n + "; inherit (pkg" + n + ") version; };\n";
  }
  s += "}\n";
  return s;
}

struct Stats {
  double p50 = 0, p99 = 0;
};

Stats measure(int runs, const std::function<void()>& fn) {
  std::vector<double> ms;
  fn();  // warm-up
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    return ms[std::min(ms.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
  };
  return {at(0.5), at(0.99)};
}

void row(const char* what, Stats s) {
  std::printf("| %-44s | %8.2f | %8.2f |\n", what, s.p50, s.p99);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 30;
  std::size_t size = 1u << 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--runs"))
      runs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--size"))
      size = static_cast<std::size_t>(std::atol(argv[i + 1]));
  }
  using namespace fw;
  const std::string text = generate(size);
  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  const auto analysis = analyzeFile(tree);
  const std::vector<SemanticToken> tokens = semanticTokens(*analysis);
  const auto enc = PositionEncoding::Utf16;
  const std::vector<std::uint32_t> data = server::encodeSemanticTokens(tokens, tree->lines(), enc);
  std::printf("file: %zu bytes, %u lines, %zu tokens, %zu integers; %d runs\n\n", text.size(),
              tree->lines().lineCount(), tokens.size(), data.size(), runs);
  std::printf("| step | p50 ms | p99 ms |\n|---|---:|---:|\n");

  row("parse (for reference)",
      measure(std::max(3, runs / 5), [&] { (void)SyntaxTree::parse(text); }));
  row("names and lints (for reference; once per version)",
      measure(std::max(3, runs / 5), [&] { (void)analyzeFile(tree); }));
  row("semantic tokens, whole file", measure(runs, [&] { (void)semanticTokens(*analysis); }));
  row("LSP encoding (UTF-16)",
      measure(runs, [&] { (void)server::encodeSemanticTokens(tokens, tree->lines(), enc); }));
  row("full request: tokens + encoding + JSON text", measure(runs, [&] {
        const auto t = semanticTokens(*analysis);
        const auto d = server::encodeSemanticTokens(t, tree->lines(), enc);
        (void)server::dumpJson(
            server::json{{"resultId", "1"}, {"data", server::semanticTokensJson(d)}});
      }));
  // One screen (60 lines) in the middle of the file.
  const std::uint32_t mid = tree->lines().lineCount() / 2;
  SemanticTokensConfig screen;
  screen.range = ByteRange{tree->lines().lineStart(mid), tree->lines().lineStart(mid + 60)};
  row("range request, 60 lines", measure(runs, [&] {
        const auto t = semanticTokens(*analysis, screen);
        (void)server::encodeSemanticTokens(t, tree->lines(), enc);
      }));
  // A keystroke in the middle: the server reparses and re-analyses the new
  // version (measured separately above); the delta is tokens + encoding +
  // diff against the previous result.
  const ByteOffset at = static_cast<ByteOffset>(text.find("helper", text.size() / 2) + 6);
  const std::vector<ByteEdit> edit = {{at, at, "x"}};
  const SyntaxTreePtr edited = tree->edit(edit);
  const auto editedAnalysis = analyzeFile(edited);
  std::size_t editSize = 0;
  row("delta after a keystroke: tokens + encoding + diff", measure(runs, [&] {
        const auto t = semanticTokens(*editedAnalysis);
        const auto d = server::encodeSemanticTokens(t, edited->lines(), enc);
        const auto e = server::diffSemanticTokens(data, d);
        editSize = e ? e->data.size() : 0;
      }));
  std::printf("\n(the keystroke's delta replaces %zu integers)\n", editSize);
  return 0;
}
