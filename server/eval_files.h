#pragma once
// The evaluator's view of the real disk (fw::eval::FileSystem).

#include "analysis/eval/filesystem.h"

namespace fw::server {

class DiskFileSystem : public eval::FileSystem {
 public:
  std::string resolve(const std::string& path) override;
  eval::FileKind kind(const std::string& path) override;
  eval::FileKind linkKind(const std::string& path) override;
  std::optional<std::string> read(const std::string& path, std::size_t maxBytes,
                                  std::string& error) override;
  std::optional<std::vector<std::pair<std::string, eval::FileKind>>> list(
      const std::string& path) override;
};

}  // namespace fw::server
