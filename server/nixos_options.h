#pragma once
// NixOS's own option set, computed by the real Nix in a child process
// (`nix-instantiate --eval --strict --json` over nixpkgs' nixos/lib/
// eval-config.nix and lib.optionAttrSetToDocList), with a time and memory
// limit, and cached on disk by nixpkgs revision as an options.json that
// options_json.h reads. Never runs Nix in the server's address space.

#include <chrono>
#include <string>

namespace fw::server {

struct NixosOptionsRequest {
  std::string nixpkgs;   // the nixpkgs directory
  std::string cacheDir;  // where computed sets are kept
  std::chrono::milliseconds timeout{300000};
  std::size_t maxMemoryMb = 4096;
  std::string nixInstantiate = "nix-instantiate";
};

struct NixosOptionsResult {
  std::string jsonPath;  // the options.json (empty on failure)
  bool fromCache = false;
  std::string error;
};

// The cache file for a nixpkgs: named by a hash of its canonical path and
// its revision files (.git-revision, .version, lib/.version).
[[nodiscard]] std::string nixosOptionsCachePath(const std::string& nixpkgs, const std::string& cacheDir);

// Computes (or finds in the cache) the option set of a NixOS system with
// no configuration. Blocks: call it on a thread of its own.
[[nodiscard]] NixosOptionsResult computeNixosOptions(const NixosOptionsRequest& request);

// $XDG_CACHE_HOME/flakewise, or ~/.cache/flakewise.
[[nodiscard]] std::string defaultCacheDir();

}  // namespace fw::server
