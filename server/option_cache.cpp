#include "server/option_cache.h"

#include <spdlog/spdlog.h>

#include "analysis/options/discover.h"
#include "analysis/options/extract.h"
#include "server/files.h"
#include "server/options_json.h"

#include <filesystem>

namespace fw::server {

options::OptionTreePtr OptionCache::get(const WorkspaceIndex& index, eval::Evaluator& ev,
                                        const eval::EvalSettings& settings, const std::vector<std::string>& roots,
                                        const std::string& externalJson, const std::string& nixpkgs,
                                        const options::OptionTreePtr& nixos) {
  const auto files = index.all();
  std::uint64_t key = 1469598103934665603ull;
  auto mix = [&](std::uint64_t v) {
    key ^= v;
    key *= 1099511628211ull;
  };
  std::vector<options::ModuleRoot> moduleRoots;
  for (const auto& [path, file] : files) {
    mix(std::hash<std::string>{}(path));
    mix(file->schemaHash);
    moduleRoots.insert(moduleRoots.end(), file->moduleRoots.begin(), file->moduleRoots.end());
  }
  std::int64_t stamp = 0;
  if (!externalJson.empty()) {
    std::error_code ec;
    const auto t = std::filesystem::last_write_time(externalJson, ec);
    stamp = ec ? -1 : static_cast<std::int64_t>(t.time_since_epoch().count());
    mix(std::hash<std::string>{}(externalJson));
    mix(static_cast<std::uint64_t>(stamp));
  }
  mix(std::hash<std::string>{}(nixpkgs));
  mix(std::hash<const void*>{}(nixos.get()));
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) {
    // Another thread is computing: answer from the previous tree rather
    // than hold a pool thread (diagnostics are published again when the
    // new tree is ready). The first tree is waited for, and so is a holder
    // that is only looking up the cached tree.
    {
      std::lock_guard g(treeMutex_);
      if (tree_ && computing_) {
        // The running computation is for other inputs (say, NixOS's
        // options arrived meanwhile): have everything asked again after it.
        if (key != computingKey_) askAgain_ = true;
        return tree_;
      }
    }
    lock.lock();
  }
  if (valid_ && key == key_) return tree_;
  {
    std::lock_guard g(treeMutex_);
    computing_ = true;
    computingKey_ = key;
  }
  if (externalJson.empty()) {
    external_.reset();
    externalPath_.clear();
  } else if (externalJson != externalPath_ || stamp != externalStamp_) {
    externalPath_ = externalJson;
    externalStamp_ = stamp;
    external_.reset();
    std::string err;
    if (auto text = readFile(externalJson, err)) {
      if (auto loaded = loadOptionsJson(*text, err)) external_ = *loaded;
    }
    if (!external_) spdlog::warn("options.json {}: {}", externalJson, err);
    else spdlog::info("options.json {}: {} options", externalJson, external_->options().size());
  }
  const bool replacing = valid_;
  const auto start = std::chrono::steady_clock::now();
  options::ExtractConfig cfg;
  cfg.eval = settings;
  // Bounded so that a module that loops costs at most a fraction of a
  // second, and the whole workspace a few seconds.
  cfg.stepsPerModule = 5'000'000;
  cfg.eval.budget.maxSteps = 400'000'000;
  cfg.eval.budget.maxMemory = std::size_t{1} << 30;
  if (auto found = options::findNixpkgs(ev, settings, roots, nixpkgs)) {
    cfg.lib = found->lib;
    cfg.modulesPath = found->nixpkgs + "/nixos/modules";
    cfg.eval.allowedRoots.push_back(found->nixpkgs);
  }
  options::ExtractStats st;
  options::OptionTreePtr computed = options::extractOptions(ev, moduleRoots, cfg, {}, &st);
  if (external_) {
    computed = computed->mergedWith(*external_);
  } else if (externalJson.empty() && nixos) {
    computed = computed->mergedWith(*nixos);
  }
  bool askAgain = false;
  {
    std::lock_guard g(treeMutex_);
    tree_ = computed;
    computing_ = false;
    askAgain = askAgain_;
    askAgain_ = false;
  }
  key_ = key;
  valid_ = true;
  ++stats_.computations;
  stats_.lastDuration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  stats_.modules = st.modules;
  spdlog::info("option tree: {} options from {} modules in {} ms ({} failures)", tree_->options().size(), st.modules,
               stats_.lastDuration.count() / 1000, tree_->failures().size());
  options::OptionTreePtr tree = tree_;
  lock.unlock();
  if ((replacing || askAgain) && onChange_) onChange_();
  return tree;
}

OptionCacheStats OptionCache::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace fw::server
