#pragma once
// The server's view of files for cross-file features: open documents'
// newest complete trees first, the disk otherwise (parsed on demand and
// cached by modification time and size). Thread-safe.

#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "analysis/navigation.h"

namespace fw::server {

class WorkspaceFiles : public Files {
 public:
  explicit WorkspaceFiles(std::size_t maxFileBytes) : maxFileBytes_(maxFileBytes) {}

  [[nodiscard]] FileKind kind(const std::string& path) const override;
  [[nodiscard]] std::vector<std::pair<std::string, FileKind>> list(const std::string& dir) const override;
  [[nodiscard]] SyntaxTreePtr tree(const std::string& path) const override;
  [[nodiscard]] std::optional<std::string> readText(const std::string& path) const override;

  [[nodiscard]] std::vector<std::string> importersOf(const std::string& path) const override;
  // From the workspace index once it has files under `root`.
  [[nodiscard]] std::optional<std::vector<std::string>> filesContaining(const std::string& root,
                                                                       std::string_view needle,
                                                                       std::size_t max) const override;
  void setIndex(std::shared_ptr<const class WorkspaceIndex> index) { index_ = std::move(index); }

  // Open documents (by path) override the disk.
  void setOpen(const std::string& path, SyntaxTreePtr tree);
  void setClosed(const std::string& path);

 private:
  struct Cached {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
    SyntaxTreePtr tree;
  };
  std::size_t maxFileBytes_;
  std::shared_ptr<const WorkspaceIndex> index_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, SyntaxTreePtr> open_;
  mutable std::unordered_map<std::string, Cached> disk_;
};

}  // namespace fw::server
