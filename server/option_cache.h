#pragma once
// The option tree of the workspace for the editor: computed from the
// modules the workspace index knows (every .nix file of the workspace
// folders and the open documents; imports are followed from there), with
// the session's evaluator (open documents are overlays), a step budget per
// module and for the whole run. It is computed again only when a file's
// schema fingerprint changed (options::schemaFingerprint: edits inside
// definitions do not count), on the pool thread that first needs it.
// Callers that come while it runs get the previous tree (or, for the
// first tree, wait for it); when the new tree replaces an old one, or a
// caller got the previous tree while the computation was for other inputs,
// setOnChange's callback has open documents' diagnostics published again.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analysis/eval/evaluator.h"
#include "analysis/options/option_tree.h"
#include "server/workspace_index.h"

namespace fw::server {

struct OptionCacheStats {
  std::uint64_t computations = 0;
  std::chrono::microseconds lastDuration{0};
  std::size_t modules = 0;
};

class OptionCache {
 public:
  // The tree for the index's current files. `roots`: the workspace folders
  // (for finding nixpkgs' lib through flake.lock).
  // `externalJson`: a NixOS options.json whose options are added under
  // the workspace's (empty: none); read again when its mtime changes.
  // `nixpkgs`: a configured nixpkgs whose lib evaluates the modules.
  // `nixos`: NixOS's option set already loaded (nixos_options.h), added
  // like `externalJson`'s when that is empty.
  [[nodiscard]] options::OptionTreePtr get(const WorkspaceIndex& index, eval::Evaluator& ev,
                                           const eval::EvalSettings& settings, const std::vector<std::string>& roots,
                                           const std::string& externalJson = "", const std::string& nixpkgs = "",
                                           const options::OptionTreePtr& nixos = nullptr);
  [[nodiscard]] OptionCacheStats stats() const;
  // Called (on the computing thread, outside the lock) when a computation
  // replaced an earlier tree, or ended after a caller with other inputs
  // got the previous tree: diagnostics of open documents are stale.
  void setOnChange(std::function<void()> fn) { onChange_ = std::move(fn); }

 private:
  std::function<void()> onChange_;
  mutable std::mutex mutex_;      // held during a computation
  mutable std::mutex treeMutex_;  // guards tree_ (read while computing)
  bool valid_ = false;
  std::uint64_t key_ = 0;
  options::OptionTreePtr tree_;
  // Guarded by treeMutex_: a computation is running, for inputs `computingKey_`;
  // a caller got the previous tree while it ran for other inputs.
  bool computing_ = false;
  std::uint64_t computingKey_ = 0;
  bool askAgain_ = false;
  OptionCacheStats stats_;
  // The loaded options.json, by path and modification time.
  std::string externalPath_;
  std::int64_t externalStamp_ = 0;
  options::OptionTreePtr external_;
};

}  // namespace fw::server
