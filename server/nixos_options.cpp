#include "server/nixos_options.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "analysis/eval/compile.h"
#include "server/external_process.h"
#include "server/files.h"
#include "server/options_json.h"

namespace fw::server {

namespace fs = std::filesystem;

namespace {

// The options of a configuration-less NixOS system, visible and not
// internal, keyed by name as nixos/lib/make-options-doc writes them.
const char* kExpr = R"(let
  lib = import <nixpkgs/lib>;
  eval = import <nixpkgs/nixos/lib/eval-config.nix> { modules = [ ]; };
  docs = lib.optionAttrSetToDocList eval.options;
  keep = builtins.filter (o: (o.visible or true) != false && !(o.internal or false)) docs;
in builtins.listToAttrs (map (o: { name = o.name; value = builtins.removeAttrs o [ "name" ]; }) keep))";

std::string hex(std::uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = digits[v & 15];
  return out;
}

}  // namespace

std::string defaultCacheDir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/flakewise";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/flakewise";
  return "/tmp/flakewise-cache";
}

std::string nixosOptionsCachePath(const std::string& nixpkgs, const std::string& cacheDir) {
  const std::string dir = eval::canonicalPath(nixpkgs);
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  };
  mix(dir);
  for (const char* f : {"/.git-revision", "/.version", "/lib/.version"}) {
    std::string err;
    if (auto text = readFile(dir + f, err)) mix(*text);
  }
  return cacheDir + "/nixos-options-" + hex(h) + ".json";
}

NixosOptionsResult computeNixosOptions(const NixosOptionsRequest& r) {
  NixosOptionsResult out;
  const std::string cache = nixosOptionsCachePath(r.nixpkgs, r.cacheDir);
  std::error_code ec;
  if (fs::exists(cache, ec)) {
    // Read back and checked: a file cut short by a full disk or a crash, or
    // written by something else, is computed again rather than trusted.
    std::string err;
    if (auto text = readFile(cache, err)) {
      if (auto loaded = loadOptionsJson(*text, err)) {
        out.tree = *loaded;
        out.jsonPath = cache;
        out.fromCache = true;
        return out;
      }
    }
    out.warning = "ignored the unreadable cache file " + cache + " (" + err + ")";
    fs::remove(cache, ec);
  }
  std::chrono::milliseconds timeout = r.timeout;
  if (const char* t = std::getenv("FLAKEWISE_NIXOS_OPTIONS_TIMEOUT_MS"); t && *t) {
    timeout = std::chrono::milliseconds(std::clamp<long long>(std::atoll(t), 100, 3'600'000));
  }
  // The memory limit through the shell's ulimit (address space, KiB).
  const std::vector<std::string> argv = {
      "/bin/sh", "-c", "ulimit -v \"$0\" && exec \"$@\"", std::to_string(r.maxMemoryMb * 1024), r.nixInstantiate,
      "--eval", "--strict", "--json", "-I", "nixpkgs=" + eval::canonicalPath(r.nixpkgs), "--expr", kExpr};
  const ProcessResult p = runProcess(argv, "", timeout);
  std::string err = p.err.substr(0, 2000);
  while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
  if (!p.started) {
    out.error = "could not run " + r.nixInstantiate + ": " + p.spawnError;
    return out;
  }
  if (p.timedOut) {
    const auto ms = timeout.count();
    out.error = "computing the NixOS options took more than " +
                (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms") +
                "; " + r.nixInstantiate + " was stopped";
    return out;
  }
  if (!p.spawnError.empty()) {
    out.error = r.nixInstantiate + " failed: " + p.spawnError;
    return out;
  }
  if (p.signal != 0) {
    out.error = r.nixInstantiate + " was killed by signal " + std::to_string(p.signal) +
                (err.empty() ? std::string() : ": " + err);
    return out;
  }
  if (p.exitCode != 0) {
    out.error = "nix-instantiate failed" + (err.empty() ? std::string() : ": " + err);
    return out;
  }
  std::string loadError;
  auto loaded = loadOptionsJson(p.out, loadError);
  if (!loaded) {
    // Never cached: it would be read back on every start.
    out.error = r.nixInstantiate + " printed no option set (" + loadError + ")";
    return out;
  }
  out.tree = *loaded;
  // Written whole to a temporary file, then renamed into place: readers
  // never see a partial cache file, and a failed write leaves none.
  const std::string tmp = cache + ".tmp" + std::to_string(::getpid());
  auto notCached = [&](const std::string& why) {
    fs::remove(tmp, ec);
    if (!out.warning.empty()) out.warning += "; ";
    out.warning += "cannot write the cache file " + cache + ": " + why + " (the options are kept in memory only)";
    return out;
  };
  fs::create_directories(r.cacheDir, ec);
  if (ec) return notCached(ec.message());
  {
    errno = 0;
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return notCached(std::strerror(errno != 0 ? errno : EIO));
    f << p.out;
    f.flush();
    if (!f) return notCached(std::strerror(errno != 0 ? errno : EIO));
    f.close();
    if (!f) return notCached(std::strerror(errno != 0 ? errno : EIO));
  }
  fs::rename(tmp, cache, ec);
  if (ec) return notCached(ec.message());
  out.jsonPath = cache;
  return out;
}

}  // namespace fw::server
