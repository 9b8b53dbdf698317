#pragma once
// flake.lock (versions 5 to 7, the ones Nix 2.8 reads): a graph of nodes,
// each with its inputs (node names, or `follows` paths from the root) and
// the locked and original references. Every part keeps its byte range in
// the file, so diagnostics on flake.lock point at the right line.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/flakes/json_value.h"

namespace fw::flakes {

struct LockInputEdge {
  std::string name;
  ByteRange nameRange;  // the key in "inputs"
  ByteRange range;      // the value
  std::string node;     // a node name, or
  std::optional<std::vector<std::string>> follows;  // a path from the root ("nixpkgs" / "a/b")
};

struct LockNode {
  std::string key;
  ByteRange keyRange;
  ByteRange range;
  std::vector<LockInputEdge> inputs;
  // Scalar attributes of "locked" and "original" (numbers as written).
  std::vector<std::pair<std::string, std::string>> locked;
  std::vector<std::pair<std::string, std::string>> original;
  bool flake = true;

  [[nodiscard]] const LockInputEdge* input(std::string_view name) const;
  [[nodiscard]] std::optional<std::string> lockedAttr(std::string_view k) const;
  [[nodiscard]] std::optional<std::string> originalAttr(std::string_view k) const;
};

struct LockProblem {
  ByteRange range;
  std::string message;
};

struct LockFile {
  int version = 0;
  std::string root = "root";
  std::map<std::string, LockNode> nodes;
  // JSON syntax errors and shape errors (an unknown node name, a missing
  // "nodes"). Empty when Nix would read the file.
  std::vector<LockProblem> problems;
  bool syntaxError = false;

  [[nodiscard]] const LockNode* rootNode() const;
  [[nodiscard]] const LockNode* node(std::string_view key) const;
  // The node an input path from the root leads to ("crane", "crane/nixpkgs"),
  // following `follows` edges; nullptr when it leads nowhere.
  [[nodiscard]] const LockNode* resolve(const std::vector<std::string>& path) const;
};

[[nodiscard]] LockFile parseLockFile(std::string_view text);

// "2024-07-09 14:26 UTC" for a lastModified time stamp.
[[nodiscard]] std::string formatTimestamp(std::int64_t secondsSinceEpoch);

// `a/b` -> {"a", "b"}; "" -> {} (the root).
[[nodiscard]] std::vector<std::string> splitInputPath(std::string_view path);

}  // namespace fw::flakes
