#pragma once
// Data-driven fixtures: Nix text with cursor markers `$0`…`$9` (removed
// from the text) and, for several files, `#- /path` header lines.
//
//   #- /flake.nix
//   { outputs = _: import ./lib.nix; }
//   #- /lib.nix
//   { x = 1; y = x$0; }

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "parser/syntax_tree.h"

namespace fw::test {

struct Marker {
  std::string file;
  ByteOffset offset;
};

struct Fixture {
  std::map<std::string, std::string> files;  // path -> text
  std::map<int, Marker> markers;             // $N -> where

  [[nodiscard]] const std::string& only() const { return files.begin()->second; }
  [[nodiscard]] ByteOffset at(int n = 0) const { return markers.at(n).offset; }
};

[[nodiscard]] Fixture parseFixture(std::string_view text);

// "line:col" (1-based, UTF-8 bytes) of an offset, for readable snapshots.
[[nodiscard]] std::string lineCol(const SyntaxTree& tree, ByteOffset offset);
[[nodiscard]] std::string rangeText(const SyntaxTree& tree, ByteRange r);

// `text` with non-overlapping edits (byte ranges into it) applied.
[[nodiscard]] std::string applyEdits(std::string text, std::vector<TextEdit> edits);

}  // namespace fw::test
