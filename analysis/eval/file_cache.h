#pragma once
// Compiled files by path and content hash, shared by the evaluations of one
// Evaluator: a file imported by many evaluations (or many times in one) is
// parsed and compiled once per content. Open documents can be registered
// as overlays so evaluation sees unsaved text. Thread-safe.

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "analysis/eval/compile.h"
#include "analysis/eval/filesystem.h"

namespace fw::eval {

class FileCache {
 public:
  FileCache(Runtime& rt, std::shared_ptr<FileSystem> fs) : rt_(rt), fs_(std::move(fs)) {}

  // The compiled file for `text` at `path` (the cache key includes a hash
  // of the text, so a changed file compiles again).
  [[nodiscard]] SourceFilePtr get(const std::string& path, std::string text, const std::string& home);
  // The compiled file for a parsed document (an open editor buffer).
  [[nodiscard]] SourceFilePtr get(const std::string& path, SyntaxTreePtr tree, const std::string& home);

  void setOverlay(const std::string& path, SyntaxTreePtr tree);
  void removeOverlay(const std::string& path);
  [[nodiscard]] SyntaxTreePtr overlay(const std::string& path);

  [[nodiscard]] FileSystem& fs() { return *fs_; }
  // Files compiled so far (tests check caching with it).
  [[nodiscard]] std::size_t compiledCount() const { return compiled_; }

 private:
  Runtime& rt_;
  std::shared_ptr<FileSystem> fs_;
  std::mutex mutex_;
  std::unordered_map<std::string, SourceFilePtr> byKey_;  // path + '\0' + hash
  std::unordered_map<std::string, SyntaxTreePtr> overlays_;
  std::size_t compiled_ = 0;
};

}  // namespace fw::eval
