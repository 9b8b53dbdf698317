#pragma once
// User configuration: what the editor sends (initializationOptions,
// workspace/didChangeConfiguration) and a repository's `.flakewise.json`.
//
//   { "diagnostics": { "disabled": ["unused-binding"], "exclude": ["generated/**"],
//                      "delayMs": 150 },
//     "options": { "json": "nixos-options.json", "nixos": true, "nixpkgs": "/path",
//                  "nixosTimeoutSeconds": 300 } }
//
// Both are merged: disabled codes and excluded globs from either apply.
// Globs are relative to the directory holding `.flakewise.json` (or to the
// workspace root for editor settings): `*` matches within a path segment,
// `**` across segments, `?` one character.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fw::server {

struct Settings {
  std::vector<std::string> disabled;  // diagnostic codes
  std::vector<std::string> exclude;   // globs
  std::optional<int> delayMs;
  // `options.json`: a NixOS options.json (the file the NixOS manual is
  // built from) whose options are known besides the workspace's own;
  // relative to the workspace root or the .flakewise.json.
  std::optional<std::string> optionsJson;
  // `options.nixos`: compute NixOS's own option set with the real Nix in a
  // child process (nixos_options.h); `options.nixpkgs`: the nixpkgs to use
  // for it and for the modules' lib (else <nixpkgs>, flake.lock).
  std::optional<bool> nixosOptions;
  std::optional<std::string> nixpkgs;
  // `options.nixosTimeoutSeconds`: how long that child may run (1–3600;
  // 300 by default).
  std::optional<int> nixosTimeoutSeconds;
};

// Reads the settings object (bare or under "flakewise"); unknown keys are
// ignored, wrong types reported in `problems`.
[[nodiscard]] Settings parseSettings(const nlohmann::json& j, std::vector<std::string>& problems);

struct ProjectConfig {
  std::string root;  // directory of .flakewise.json
  Settings settings;
};
// Loads `dir/.flakewise.json` if present; problems (unreadable, invalid
// JSON with its position) go to `problems`.
[[nodiscard]] std::optional<ProjectConfig> loadProjectConfig(const std::string& dir,
                                                             std::vector<std::string>& problems);
// The nearest `.flakewise.json` in `path`'s directory or its parents.
[[nodiscard]] std::optional<ProjectConfig> findProjectConfig(const std::string& path,
                                                             std::vector<std::string>& problems);

[[nodiscard]] bool globMatch(std::string_view pattern, std::string_view path);
// Whether `path` (absolute) is excluded by any glob, relative to `root`.
[[nodiscard]] bool isExcluded(const std::vector<std::string>& globs, const std::string& root,
                              const std::string& path);

}  // namespace fw::server
