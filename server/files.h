#pragma once
// Finding and reading .nix files on disk (the only file I/O of the CLI).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fw::server {

struct FileListing {
  std::vector<std::filesystem::path> files;  // sorted, unique
  std::vector<std::string> errors;           // paths that could not be read
};

// Files given by name are taken whatever their extension; directories are
// searched recursively for *.nix, skipping .git, node_modules and `result`
// / `result-*` symlinks (nix build outputs). Directory symlinks are not
// followed.
[[nodiscard]] FileListing collectNixFiles(const std::vector<std::string>& paths);

// Reads a whole file (at most maxBytes); on failure returns nullopt and
// sets `error`. Directories are refused, and FIFOs never block the reader.
[[nodiscard]] std::optional<std::string> readFile(const std::filesystem::path& path, std::string& error,
                                                  std::size_t maxBytes = SIZE_MAX);

}  // namespace fw::server
