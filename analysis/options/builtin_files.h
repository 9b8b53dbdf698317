#pragma once
// The Nix files flakewise carries in its binary (analysis/options/nix/):
// the built-in lib (lib/default.nix and the files it imports) and the
// module driver (driver.nix). Evaluations see them under kBuiltinRoot
// through a FileSystem that serves them before the real one.

#include <memory>
#include <span>
#include <string_view>

#include "analysis/eval/filesystem.h"

namespace fw::options {

struct EmbeddedFile {
  std::string_view path;  // relative to kBuiltinRoot, e.g. "lib/types.nix"
  std::string_view text;
};

// Generated at build time (cmake/EmbedNixFiles.cmake).
[[nodiscard]] std::span<const EmbeddedFile> builtinNixFiles();

inline constexpr std::string_view kBuiltinRoot = "/flakewise-builtin";
inline constexpr std::string_view kBuiltinLib = "/flakewise-builtin/lib/default.nix";
inline constexpr std::string_view kDriver = "/flakewise-builtin/driver.nix";

// `base` plus the built-in files under kBuiltinRoot (read-only; nothing
// else exists there). Evaluations still need kBuiltinRoot among their
// allowed roots.
[[nodiscard]] std::shared_ptr<eval::FileSystem> withBuiltinFiles(std::shared_ptr<eval::FileSystem> base);

}  // namespace fw::options
