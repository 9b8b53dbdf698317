#include "analysis/eval/filesystem.h"

namespace fw::eval {

FileKind MemoryFileSystem::kind(const std::string& path) {
  if (files_.count(path)) return FileKind::Regular;
  const std::string prefix = path == "/" ? "/" : path + "/";
  auto it = files_.lower_bound(prefix);
  if (it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
    return FileKind::Directory;
  }
  return FileKind::Missing;
}

std::optional<std::string> MemoryFileSystem::read(const std::string& path, std::size_t maxBytes,
                                                  std::string& error) {
  auto it = files_.find(path);
  if (it == files_.end()) {
    error = "No such file or directory";
    return std::nullopt;
  }
  if (it->second.size() > maxBytes) {
    error = "file is larger than the limit of " + std::to_string(maxBytes) + " bytes";
    return std::nullopt;
  }
  {
    std::lock_guard lock(mutex_);
    ++reads_[path];
  }
  return it->second;
}

std::optional<std::vector<std::pair<std::string, FileKind>>> MemoryFileSystem::list(
    const std::string& path) {
  if (kind(path) != FileKind::Directory) return std::nullopt;
  const std::string prefix = path == "/" ? "/" : path + "/";
  std::map<std::string, FileKind> entries;
  for (auto it = files_.lower_bound(prefix);
       it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    const std::string rest = it->first.substr(prefix.size());
    const std::size_t slash = rest.find('/');
    if (slash == std::string::npos) {
      entries[rest] = FileKind::Regular;
    } else {
      entries[rest.substr(0, slash)] = FileKind::Directory;
    }
  }
  return std::vector<std::pair<std::string, FileKind>>(entries.begin(), entries.end());
}

}  // namespace fw::eval
