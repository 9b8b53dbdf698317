#include "server/workspace_files.h"

#include <algorithm>

#include "server/files.h"
#include "server/workspace_index.h"

namespace fw::server {

namespace fs = std::filesystem;

FileKind WorkspaceFiles::kind(const std::string& path) const {
  {
    std::lock_guard lock(mutex_);
    if (open_.count(path)) return FileKind::File;
  }
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec) return FileKind::None;
  if (fs::is_regular_file(st)) return FileKind::File;
  if (fs::is_directory(st)) return FileKind::Directory;
  return FileKind::None;
}

std::vector<std::pair<std::string, FileKind>> WorkspaceFiles::list(const std::string& dir) const {
  std::vector<std::pair<std::string, FileKind>> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ec2;
    const FileKind k = it->is_directory(ec2) ? FileKind::Directory
                       : it->is_regular_file(ec2) ? FileKind::File
                                                  : FileKind::None;
    if (k != FileKind::None) out.emplace_back(it->path().filename().string(), k);
    if (out.size() >= 2000) break;  // enough for a completion list
  }
  std::sort(out.begin(), out.end());
  return out;
}

SyntaxTreePtr WorkspaceFiles::tree(const std::string& path) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = open_.find(path); it != open_.end()) return it->second;
  }
  std::error_code ec;
  const auto mtime = fs::last_write_time(path, ec);
  if (ec) return nullptr;
  const auto size = fs::file_size(path, ec);
  if (ec || size > maxFileBytes_) return nullptr;
  {
    std::lock_guard lock(mutex_);
    if (auto it = disk_.find(path); it != disk_.end() && it->second.mtime == mtime && it->second.size == size)
      return it->second.tree;
  }
  std::string err;
  std::optional<std::string> text = readFile(path, err);
  if (!text) return nullptr;
  SyntaxTreePtr tree = SyntaxTree::parse(std::move(*text));
  std::lock_guard lock(mutex_);
  disk_[path] = {mtime, size, tree};
  return tree;
}

std::optional<std::string> WorkspaceFiles::readText(const std::string& path) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = open_.find(path); it != open_.end()) return it->second->text();
  }
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size > maxFileBytes_) return std::nullopt;
  std::string err;
  return readFile(path, err);
}

std::optional<std::vector<std::string>> WorkspaceFiles::filesContaining(const std::string& root,
                                                                        std::string_view needle,
                                                                        std::size_t max) const {
  // Invariant: the index covers the workspace folders once indexing has
  // finished; before that (it holds part of them) and for a root outside
  // them (no entries), the caller walks the directories instead.
  if (!index_ || !index_->complete()) return std::nullopt;
  std::vector<std::string> any = index_->filesContaining(root, "", 1);
  if (any.empty()) return std::nullopt;
  return index_->filesContaining(root, needle, max);
}

std::vector<std::string> WorkspaceFiles::importersOf(const std::string& path) const {
  return index_ ? index_->importersOf(path) : std::vector<std::string>{};
}

void WorkspaceFiles::setOpen(const std::string& path, SyntaxTreePtr tree) {
  std::lock_guard lock(mutex_);
  open_[path] = std::move(tree);
}

void WorkspaceFiles::setClosed(const std::string& path) {
  std::lock_guard lock(mutex_);
  open_.erase(path);
}

}  // namespace fw::server
