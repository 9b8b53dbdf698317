#include "analysis/options/builtin_files.h"

#include <map>
#include <set>
#include <string>

namespace fw::options {

namespace {

bool underRoot(const std::string& path) {
  return path == kBuiltinRoot ||
         (path.size() > kBuiltinRoot.size() && path.compare(0, kBuiltinRoot.size(), kBuiltinRoot) == 0 &&
          path[kBuiltinRoot.size()] == '/');
}

class BuiltinFileSystem : public eval::FileSystem {
 public:
  explicit BuiltinFileSystem(std::shared_ptr<eval::FileSystem> base) : base_(std::move(base)) {
    for (const EmbeddedFile& f : builtinNixFiles()) {
      const std::string path = std::string(kBuiltinRoot) + "/" + std::string(f.path);
      files_.emplace(path, f.text);
      // Every directory above it, up to the root.
      for (std::size_t slash = path.rfind('/'); slash > kBuiltinRoot.size(); slash = path.rfind('/', slash - 1)) {
        dirs_.insert(path.substr(0, slash));
      }
    }
    dirs_.insert(std::string(kBuiltinRoot));
  }

  std::string resolve(const std::string& path) override { return underRoot(path) ? path : base_->resolve(path); }
  eval::FileKind kind(const std::string& path) override {
    if (!underRoot(path)) return base_->kind(path);
    if (files_.count(path)) return eval::FileKind::Regular;
    return dirs_.count(path) ? eval::FileKind::Directory : eval::FileKind::Missing;
  }
  eval::FileKind linkKind(const std::string& path) override {
    return underRoot(path) ? kind(path) : base_->linkKind(path);
  }
  std::optional<std::string> read(const std::string& path, std::size_t maxBytes, std::string& error) override {
    if (!underRoot(path)) return base_->read(path, maxBytes, error);
    auto it = files_.find(path);
    if (it == files_.end()) {
      error = "No such file or directory";
      return std::nullopt;
    }
    return std::string(it->second);
  }
  std::optional<std::vector<std::pair<std::string, eval::FileKind>>> list(const std::string& path) override {
    if (!underRoot(path)) return base_->list(path);
    if (!dirs_.count(path)) return std::nullopt;
    std::map<std::string, eval::FileKind> entries;
    const std::string prefix = path + "/";
    for (const auto& [p, text] : files_) {
      if (p.compare(0, prefix.size(), prefix) != 0) continue;
      const std::string rest = p.substr(prefix.size());
      const std::size_t slash = rest.find('/');
      entries[rest.substr(0, slash)] = slash == std::string::npos ? eval::FileKind::Regular : eval::FileKind::Directory;
    }
    return std::vector<std::pair<std::string, eval::FileKind>>(entries.begin(), entries.end());
  }
  std::optional<std::string> readLink(const std::string& path) override {
    return underRoot(path) ? std::nullopt : base_->readLink(path);
  }
  bool isExecutable(const std::string& path) override { return !underRoot(path) && base_->isExecutable(path); }

 private:
  std::shared_ptr<eval::FileSystem> base_;
  std::map<std::string, std::string_view> files_;
  std::set<std::string> dirs_;
};

}  // namespace

std::shared_ptr<eval::FileSystem> withBuiltinFiles(std::shared_ptr<eval::FileSystem> base) {
  return std::make_shared<BuiltinFileSystem>(std::move(base));
}

}  // namespace fw::options
