#pragma once
// What features know of the world around a document: the files next to it
// (through an interface the server implements; analysis does no I/O), and
// plain result types shared by features.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parser/syntax_tree.h"

namespace fw {

enum class FileKind { None, File, Directory };

// The files around a document, provided by the server (analysis does no
// I/O of its own). Paths are absolute.
class Files {
 public:
  virtual ~Files() = default;
  [[nodiscard]] virtual FileKind kind(const std::string& path) const = 0;
  [[nodiscard]] virtual std::vector<std::pair<std::string, FileKind>> list(
      const std::string& dir) const = 0;
  // The tree of a Nix file (the open document's newest, or the disk's).
  [[nodiscard]] virtual SyntaxTreePtr tree(const std::string& path) const = 0;
  // The text of any file (an open document's newest, or the disk's), e.g.
  // flake.lock; nullopt when it cannot be read.
  [[nodiscard]] virtual std::optional<std::string> readText(const std::string& path) const {
    (void)path;
    return std::nullopt;
  }
  // Files of the workspace that import `path` (from the workspace index).
  [[nodiscard]] virtual std::vector<std::string> importersOf(const std::string& path) const {
    (void)path;
    return {};
  }
  // The .nix files under `root` whose text contains `needle`, sorted, at
  // most `max`; nullopt when the provider has no index to answer from
  // (callers then walk the directories themselves).
  [[nodiscard]] virtual std::optional<std::vector<std::string>> filesContaining(const std::string& root,
                                                                               std::string_view needle,
                                                                               std::size_t max) const {
    (void)root;
    (void)needle;
    (void)max;
    return std::nullopt;
  }
};

struct FeatureContext {
  std::string path;              // absolute path of the document ("" if unknown)
  const Files* files = nullptr;  // may be null: no cross-file answers
};

struct Location {
  std::string file;  // absolute path; empty means the document itself
  ByteRange range;
  SyntaxTreePtr tree;  // for another file: its tree, to convert the range
};

}  // namespace fw
