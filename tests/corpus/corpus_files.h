#pragma once
// Small helpers shared by the corpus tests: listing the Nix files of a test
// directory and reading/writing files byte for byte (CR LF and lone CR line
// endings must survive, so everything is binary I/O).

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/lsp_client.h"

namespace fw::test::corpus {

namespace fs = std::filesystem;

// tests/<relative> in the source tree.
inline fs::path testsDir(std::string_view relative) {
  return fs::path(FLAKEWISE_SOURCE_DIR) / "tests" / relative;
}

// The *.nix files directly in `dir`, sorted by name so that failures and
// golden updates come in a stable order.
inline std::vector<fs::path> nixFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".nix") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::optional<std::string> readBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool writeBytes(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

// "line N: expected `...`, got `...`" for the first line where two
// multi-line texts differ, so that a failure names the spot instead of
// printing two whole tree dumps.
inline std::string firstDifference(std::string_view expected, std::string_view actual) {
  std::size_t line = 1, i = 0;
  for (;;) {
    const std::size_t ee = expected.find('\n', i), ae = actual.find('\n', i);
    const std::string_view el = expected.substr(i, ee == std::string_view::npos ? ee : ee - i);
    const std::string_view al = actual.substr(i, ae == std::string_view::npos ? ae : ae - i);
    if (el != al || ee != ae) {
      auto show = [](std::string_view s, std::size_t end) {
        std::string r;
        if (end == std::string_view::npos && s.empty()) return r.append("<end of text>");
        // Built with append: GCC 12 warns (-Wrestrict) on "`" + string + "`".
        r.reserve(s.size() + 2);
        r.push_back('`');
        r.append(s);
        r.push_back('`');
        return r;
      };
      return "line " + std::to_string(line) + ": expected " + show(el, ee) + ", got " +
             show(al, ae);
    }
    if (ee == std::string_view::npos) return "texts are equal";
    i = ee + 1;
    ++line;
  }
}

// The nix-instantiate the oracle tests run: $FLAKEWISE_NIX_INSTANTIATE, or
// the one on PATH.
inline std::string nixCommand() {
  const char* v = std::getenv("FLAKEWISE_NIX_INSTANTIATE");
  return v && *v ? v : "nix-instantiate";
}

// Fails the current test, saying how to get one, when nix-instantiate does
// not run: an oracle test must never pass by comparing with nothing.
inline void requireNix() {
  const RunResult r = run({nixCommand(), "--version"});
  REQUIRE_MESSAGE(r.code == 0, "'" << nixCommand() << " --version' failed (exit code " << r.code
                                   << "): this test compares with nix-instantiate; install "
                                      "nix-bin (scripts/setup.sh --tests) or set "
                                      "FLAKEWISE_NIX_INSTANTIATE");
}

// The entries of a list file such as tests/syntax/known_disagreements.txt:
// one path relative to tests/ per line, '#' starts a comment, blank lines
// are skipped. A missing file is an empty list.
inline std::set<std::string> listFile(std::string_view relative) {
  std::set<std::string> out;
  const std::optional<std::string> text = readBytes(testsDir(relative));
  if (!text) return out;
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    if (const std::size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    const std::size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    const std::size_t e = line.find_last_not_of(" \t\r");
    out.insert(line.substr(b, e - b + 1));
  }
  return out;
}

}  // namespace fw::test::corpus
