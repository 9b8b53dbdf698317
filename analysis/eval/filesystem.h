#pragma once
// The only way the evaluator touches files. The server implements it over
// the real disk (server/eval_files.cpp); tests feed files from memory
// (MemoryFileSystem). The evaluator checks the allowed roots itself, on
// the path `resolve` returns, before calling anything else.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace fw::eval {

enum class FileKind { Missing, Regular, Directory, Symlink, Other };

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The path with symlinks resolved (as far as it exists), absolute and
  // canonical; sandbox checks apply to it.
  [[nodiscard]] virtual std::string resolve(const std::string& path) = 0;
  // Kind of the path after following symlinks.
  [[nodiscard]] virtual FileKind kind(const std::string& path) = 0;
  // Kind of the path itself (readDir reports symlinks as "symlink").
  [[nodiscard]] virtual FileKind linkKind(const std::string& path) { return kind(path); }
  // Contents, or nullopt with `error` set. Files over maxBytes are refused.
  [[nodiscard]] virtual std::optional<std::string> read(const std::string& path, std::size_t maxBytes,
                                                        std::string& error) = 0;
  // The target of a symlink (not followed), or nullopt.
  [[nodiscard]] virtual std::optional<std::string> readLink(const std::string& path) {
    (void)path;
    return std::nullopt;
  }
  // Whether a regular file has its executable bit set.
  [[nodiscard]] virtual bool isExecutable(const std::string& path) {
    (void)path;
    return false;
  }
  // Entries of a directory (name, kind of the entry itself).
  [[nodiscard]] virtual std::optional<std::vector<std::pair<std::string, FileKind>>> list(
      const std::string& path) = 0;
};

// Files held in memory, for tests: paths are absolute; directories exist
// implicitly above every file. Safe to read from several threads; add()
// only while no evaluation runs.
class MemoryFileSystem : public FileSystem {
 public:
  void add(std::string path, std::string content) { files_[std::move(path)] = std::move(content); }
  [[nodiscard]] int readCount(const std::string& path) {
    std::lock_guard lock(mutex_);
    return reads_[path];
  }
  std::string resolve(const std::string& path) override { return path; }
  FileKind kind(const std::string& path) override;
  std::optional<std::string> read(const std::string& path, std::size_t maxBytes,
                                  std::string& error) override;
  std::optional<std::vector<std::pair<std::string, FileKind>>> list(const std::string& path) override;
 private:
  std::map<std::string, std::string> files_;
  std::mutex mutex_;
  std::map<std::string, int> reads_;  // how often each path was read
};

}  // namespace fw::eval
