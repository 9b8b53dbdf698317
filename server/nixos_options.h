#pragma once
// NixOS's own option set, computed by the real Nix in a child process
// (`nix-instantiate --eval --strict --json` over nixpkgs' nixos/lib/
// eval-config.nix and lib.optionAttrSetToDocList), with a time and memory
// limit, and cached on disk by nixpkgs revision as an options.json that
// options_json.h reads. Never runs Nix in the server's address space.

#include <chrono>
#include <string>

#include "analysis/options/option_tree.h"

namespace fw::server {

struct NixosOptionsRequest {
  std::string nixpkgs;   // the nixpkgs directory
  std::string cacheDir;  // where computed sets are kept
  std::chrono::milliseconds timeout{300000};
  std::size_t maxMemoryMb = 4096;
  std::string nixInstantiate = "nix-instantiate";
};

struct NixosOptionsResult {
  options::OptionTreePtr tree;  // the option set (null on failure)
  std::string jsonPath;         // the cache file it was read from or written to ("" if none)
  bool fromCache = false;
  std::string error;    // why there is no option set
  std::string warning;  // a problem that did not stop it (the cache could not be written)
};

// The cache file for a nixpkgs: named by a hash of its canonical path and
// its revision files (.git-revision, .version, lib/.version).
[[nodiscard]] std::string nixosOptionsCachePath(const std::string& nixpkgs, const std::string& cacheDir);

// Computes (or finds in the cache) the option set of a NixOS system with
// no configuration. Blocks: call it on a thread of its own. A cache file
// that does not read back as an options.json (truncated, garbage) is
// removed and the set computed again. The cache is written to a temporary
// file renamed into place; when that fails (read-only directory, full
// disk) the temporary file is removed and the set is returned from memory
// with a warning. Nix's output is checked before it is cached.
// $FLAKEWISE_NIXOS_OPTIONS_TIMEOUT_MS overrides the request's time limit
// (which comes from the setting options.nixosTimeoutSeconds).
[[nodiscard]] NixosOptionsResult computeNixosOptions(const NixosOptionsRequest& request);

// $XDG_CACHE_HOME/flakewise, or ~/.cache/flakewise.
[[nodiscard]] std::string defaultCacheDir();

}  // namespace fw::server
