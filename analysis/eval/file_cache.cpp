#include "analysis/eval/file_cache.h"

namespace fw::eval {

namespace {
std::uint64_t hashText(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h ^ s.size();
}

std::string dirOfPath(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}
}  // namespace

SourceFilePtr FileCache::get(const std::string& path, std::string text, const std::string& home) {
  const std::string key = path + '\0' + std::to_string(hashText(text));
  {
    std::lock_guard lock(mutex_);
    if (auto it = byKey_.find(key); it != byKey_.end()) return it->second;
  }
  SourceFilePtr file = compile(rt_, SyntaxTree::parse(std::move(text)), {path, dirOfPath(path), home});
  std::lock_guard lock(mutex_);
  // Two threads may have compiled the same file; the first one is kept.
  auto [it, inserted] = byKey_.emplace(key, file);
  if (inserted) ++compiled_;
  return it->second;
}

SourceFilePtr FileCache::get(const std::string& path, SyntaxTreePtr tree, const std::string& home) {
  const std::string key = path + '\0' + std::to_string(hashText(tree->text()));
  {
    std::lock_guard lock(mutex_);
    if (auto it = byKey_.find(key); it != byKey_.end() && it->second->tree == tree) return it->second;
  }
  SourceFilePtr file = compile(rt_, std::move(tree), {path, dirOfPath(path), home});
  std::lock_guard lock(mutex_);
  ++compiled_;
  byKey_[key] = file;  // a document's newest tree replaces the entry
  return file;
}

void FileCache::setOverlay(const std::string& path, SyntaxTreePtr tree) {
  std::lock_guard lock(mutex_);
  overlays_[path] = std::move(tree);
}

void FileCache::removeOverlay(const std::string& path) {
  std::lock_guard lock(mutex_);
  overlays_.erase(path);
}

SyntaxTreePtr FileCache::overlay(const std::string& path) {
  std::lock_guard lock(mutex_);
  auto it = overlays_.find(path);
  return it == overlays_.end() ? nullptr : it->second;
}

}  // namespace fw::eval
