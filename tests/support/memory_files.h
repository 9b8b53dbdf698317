#pragma once
// An in-memory Files for analysis tests: a fixture's files under a root.

#include <map>

#include "analysis/navigation.h"

namespace fw::test {

class MemoryFiles : public Files {
 public:
  explicit MemoryFiles(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  [[nodiscard]] FileKind kind(const std::string& path) const override {
    if (files_.count(path)) return FileKind::File;
    const std::string dir = path.ends_with("/") ? path : path + "/";
    for (const auto& [p, t] : files_)
      if (p.starts_with(dir)) return FileKind::Directory;
    return FileKind::None;
  }
  [[nodiscard]] std::vector<std::pair<std::string, FileKind>> list(const std::string& path) const override {
    std::vector<std::pair<std::string, FileKind>> out;
    const std::string dir = path.ends_with("/") ? path : path + "/";
    for (const auto& [p, t] : files_) {
      if (!p.starts_with(dir)) continue;
      const std::string rest = p.substr(dir.size());
      const std::size_t slash = rest.find('/');
      const std::pair<std::string, FileKind> e =
          slash == std::string::npos ? std::pair{rest, FileKind::File}
                                     : std::pair{rest.substr(0, slash), FileKind::Directory};
      if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
    }
    return out;
  }
  [[nodiscard]] std::vector<std::string> importersOf(const std::string& path) const override {
    // Every other file: the features check what each one really imports.
    std::vector<std::string> out;
    for (const auto& [p, t] : files_)
      if (p != path) out.push_back(p);
    return out;
  }
  [[nodiscard]] std::optional<std::string> readText(const std::string& path) const override {
    auto it = files_.find(path);
    if (it == files_.end()) return std::nullopt;
    return it->second;
  }
  [[nodiscard]] SyntaxTreePtr tree(const std::string& path) const override {
    auto it = files_.find(path);
    return it == files_.end() ? nullptr : SyntaxTree::parse(it->second);
  }

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace fw::test
