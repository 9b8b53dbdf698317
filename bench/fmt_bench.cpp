// Formatter benchmark on one large file: generates a deterministic ~1 MB
// Nix file shaped like nixpkgs code (a package set, derivations with
// formals, lists, `//` chains, let/if/with, comments, strings), written
// loosely (odd spacing, long lines) so that nearly every line changes, and
// times parse + format over several runs. Also formats a file given on the
// command line instead.
//
// Usage: bench_fmt [--size-kb N] [--runs N] [FILE]
//        bench_fmt --workspace DIR [--size-mb N]   (writes a workspace of
//        such files, 2 KB to 1 MB each, for bench/fmt_bench.sh)

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "formatter/format.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string generate(std::size_t targetBytes, unsigned seed = 42) {
  std::mt19937 rng(seed);
  auto pick = [&](std::initializer_list<const char*> xs) {
    return std::string(*(xs.begin() + static_cast<long>(rng() % xs.size())));
  };
  auto name = [&](int i) { return pick({"ka", "zu", "lo", "mi", "tor", "ven"}) + pick({"grep", "sync", "mail", "proxy"}) + std::to_string(i); };
  std::string out = "# Generated for bench_fmt.\n{ lib, stdenv, fetchurl, callPackage, pkgs , ... }:\nlet inherit (lib) optionals optionalString mkIf;\n  common = { meta.platforms = lib.platforms.unix; };\nin {\n";
  for (int i = 0; out.size() < targetBytes; ++i) {
    const std::string n = name(i);
    switch (i % 5) {
      case 0:
        out += "  " + n + " = callPackage ./pkgs/" + n + " { };\n";
        break;
      case 1:
        out += "  # " + n + ": a derivation written loosely.\n  " + n +
               " = stdenv.mkDerivation (finalAttrs: { pname = \"" + n +
               "\"; version = \"1." + std::to_string(i % 17) +
               "\";\n    src = fetchurl { url = \"https://example.org/${finalAttrs.pname}-${finalAttrs.version}.tar.gz\"; hash = \"sha256-" +
               std::string(43, 'A' + static_cast<char>(i % 26)) +
               "=\"; };\n    nativeBuildInputs = [ pkgs.pkg-config pkgs.cmake ]; buildInputs = [ pkgs.openssl pkgs.zlib ] ++ optionals stdenv.isDarwin [ pkgs.darwin.Security ];\n    postInstall = ''\n      mkdir -p $out/share\n      cp -r docs $out/share/${finalAttrs.pname}\n    '';\n    meta = with lib; { description = \"The " +
               n + " tool\"; license = licenses.mit; maintainers = [ maintainers.a maintainers.b ]; }; });\n";
        break;
      case 2:
        out += "  " + n + " = { enable ? false, port ? 8080, extraArgs ? [] }: if enable then { inherit port; args = [ \"--port\" (toString port) ] ++ extraArgs; } else {};\n";
        break;
      case 3:
        out += "  " + n + " = let   cfg = common // { name = \"" + n +
               "\"; }; in   cfg // {   passthru.tests = { simple = pkgs.runCommand \"" + n +
               "-test\" {} \"touch $out\"; }; };\n";
        break;
      default:
        out += "  " + n + " = with pkgs; [ " + name(i + 1) + " " + name(i + 2) + " ] ++ lib.optional (" + name(i + 3) +
               " != null) " + name(i + 4) + ";\n";
    }
  }
  out += "}\n";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t sizeKb = 1024;
  int runs = 5;
  std::string file, workspace;
  double sizeMb = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--workspace" && i + 1 < argc) workspace = argv[++i];
    else if (a == "--size-mb" && i + 1 < argc) sizeMb = std::stod(argv[++i]);
    else if (a == "--size-kb" && i + 1 < argc) sizeKb = std::stoul(argv[++i]);
    else if (a == "--runs" && i + 1 < argc) runs = std::stoi(argv[++i]);
    else file = a;
  }
  if (!workspace.empty()) {
    // Mostly small files, a few large ones, deterministic.
    std::mt19937 rng(7);
    std::size_t total = 0, count = 0;
    const auto target = static_cast<std::size_t>(sizeMb * 1048576);
    while (total < target) {
      const std::size_t kb = count % 200 == 0 ? 1024 : 2 + rng() % 40;
      const std::string body = generate(kb * 1024, static_cast<unsigned>(count));
      const std::filesystem::path dir =
          std::filesystem::path(workspace) / ("group" + std::to_string(count / 100)) / ("pkg" + std::to_string(count));
      std::filesystem::create_directories(dir);
      std::ofstream(dir / "default.nix", std::ios::binary) << body;
      total += body.size();
      ++count;
    }
    std::printf("wrote %zu files, %.1f MB into %s\n", count, total / 1048576.0, workspace.c_str());
    return 0;
  }
  std::string text;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  } else {
    text = generate(sizeKb * 1024);
  }
  std::vector<double> parseMs, formatMs, diffMs;
  std::string formatted;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = Clock::now();
    const fw::SyntaxTreePtr tree = fw::SyntaxTree::parse(text);
    const auto t1 = Clock::now();
    const fw::FormatResult res = fw::formatDocument(*tree);
    const auto t2 = Clock::now();
    if (res.error) {
      std::cerr << "bench_fmt: " << *res.error << '\n';
      return 1;
    }
    const std::vector<fw::TextEdit> edits = fw::diffEdits(text, res.text);
    const auto t3 = Clock::now();
    parseMs.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    formatMs.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    diffMs.push_back(std::chrono::duration<double, std::milli>(t3 - t2).count());
    formatted = res.text;
    if (r == 0) std::printf("edits (LSP TextEdits for the whole file): %zu\n", edits.size());
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::size_t lines = std::count(text.begin(), text.end(), '\n');
  std::printf("input: %.2f MB, %zu lines; output: %.2f MB\n", text.size() / 1048576.0, lines,
              formatted.size() / 1048576.0);
  std::printf("median of %d runs: parse %.1f ms, format %.1f ms, diff to edits %.1f ms, total %.1f ms\n", runs,
              median(parseMs), median(formatMs), median(diffMs),
              median(parseMs) + median(formatMs) + median(diffMs));
  // Formatting the result again (the common case in an editor: already formatted).
  const fw::SyntaxTreePtr again = fw::SyntaxTree::parse(formatted);
  const auto t0 = Clock::now();
  const fw::FormatResult res2 = fw::formatDocument(*again);
  const auto t1 = Clock::now();
  std::printf("already formatted: format %.1f ms, unchanged: %s\n",
              std::chrono::duration<double, std::milli>(t1 - t0).count(),
              res2.text == formatted ? "yes" : "NO");
  return res2.text == formatted ? 0 : 1;
}
