#pragma once
// The evaluator's view of the real disk (fw::eval::FileSystem).

#include <mutex>
#include <unordered_map>

#include "analysis/eval/filesystem.h"

namespace fw::server {

class DiskFileSystem : public eval::FileSystem {
 public:
  // Resolves symlinks. Results are remembered for the life of this object
  // (one `flakewise eval` run): paths do not turn into symlinks meanwhile.
  std::string resolve(const std::string& path) override;
  eval::FileKind kind(const std::string& path) override;
  eval::FileKind linkKind(const std::string& path) override;
  std::optional<std::string> read(const std::string& path, std::size_t maxBytes,
                                  std::string& error) override;
  std::optional<std::vector<std::pair<std::string, eval::FileKind>>> list(
      const std::string& path) override;
  std::optional<std::string> readLink(const std::string& path) override;
  bool isExecutable(const std::string& path) override;

 private:
  std::string resolveUncached(const std::string& path);
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> dirs_;
  std::unordered_map<std::string, std::string> files_;
};

}  // namespace fw::server
