#include "tests/support/fixture.h"

#include <algorithm>

namespace fw::test {

Fixture parseFixture(std::string_view text) {
  Fixture f;
  std::string current = "/main.nix";
  std::string body;
  auto flush = [&] {
    if (!body.empty() || !f.files.count(current)) f.files[current] = body;
    body.clear();
  };
  std::size_t pos = 0;
  bool any = false;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos + 1);
    if (line.starts_with("#- ")) {
      if (any) flush();
      current = std::string(line.substr(3));
      while (!current.empty() && (current.back() == '\n' || current.back() == ' ')) current.pop_back();
      any = true;
      f.files[current];
    } else {
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '$' && i + 1 < line.size() && line[i + 1] >= '0' && line[i + 1] <= '9') {
          f.markers[line[i + 1] - '0'] = {current, static_cast<ByteOffset>(body.size())};
          ++i;
          continue;
        }
        body += line[i];
      }
      any = true;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  flush();
  return f;
}

std::string lineCol(const SyntaxTree& tree, ByteOffset offset) {
  const std::uint32_t line = tree.lines().lineOf(offset);
  return std::to_string(line + 1) + ":" + std::to_string(offset - tree.lines().lineStart(line) + 1);
}

std::string rangeText(const SyntaxTree& tree, ByteRange r) {
  return lineCol(tree, r.start) + "-" + lineCol(tree, r.end);
}

std::string applyEdits(std::string text, std::vector<TextEdit> edits) {
  // From the end, so that earlier ranges stay valid.
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.range.start > b.range.start; });
  for (const TextEdit& e : edits) text.replace(e.range.start, e.range.length(), e.text);
  return text;
}

}  // namespace fw::test
