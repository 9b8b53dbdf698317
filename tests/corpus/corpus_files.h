#pragma once
// Small helpers shared by the corpus tests: listing the Nix files of a test
// directory and reading/writing files byte for byte (CR LF and lone CR line
// endings must survive, so everything is binary I/O).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace fw::test::corpus
