#include "server/option_cache.h"

#include <spdlog/spdlog.h>

#include "analysis/options/discover.h"
#include "analysis/options/extract.h"

namespace fw::server {

options::OptionTreePtr OptionCache::get(const WorkspaceIndex& index, eval::Evaluator& ev,
                                        const eval::EvalSettings& settings, const std::vector<std::string>& roots) {
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
  std::unique_lock lock(mutex_);
  if (valid_ && key == key_) return tree_;
  const bool replacing = valid_;
  const auto start = std::chrono::steady_clock::now();
  options::ExtractConfig cfg;
  cfg.eval = settings;
  // Bounded so that a module that loops costs at most a fraction of a
  // second, and the whole workspace a few seconds.
  cfg.stepsPerModule = 5'000'000;
  cfg.eval.budget.maxSteps = 400'000'000;
  cfg.eval.budget.maxMemory = std::size_t{1} << 30;
  if (auto found = options::findNixpkgs(ev, settings, roots, "")) {
    cfg.lib = found->lib;
    cfg.modulesPath = found->nixpkgs + "/nixos/modules";
    cfg.eval.allowedRoots.push_back(found->nixpkgs);
  }
  options::ExtractStats st;
  tree_ = options::extractOptions(ev, moduleRoots, cfg, {}, &st);
  key_ = key;
  valid_ = true;
  ++stats_.computations;
  stats_.lastDuration = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  stats_.modules = st.modules;
  spdlog::info("option tree: {} options from {} modules in {} ms ({} failures)", tree_->options().size(), st.modules,
               stats_.lastDuration.count() / 1000, tree_->failures().size());
  options::OptionTreePtr tree = tree_;
  lock.unlock();
  if (replacing && onChange_) onChange_();
  return tree;
}

OptionCacheStats OptionCache::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace fw::server
