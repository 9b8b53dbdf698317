#include "server/nixos_options.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "analysis/eval/compile.h"
#include "server/external_process.h"
#include "server/files.h"

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
  if (fs::is_regular_file(cache, ec)) {
    out.jsonPath = cache;
    out.fromCache = true;
    return out;
  }
  // The memory limit through the shell's ulimit (address space, KiB).
  const std::vector<std::string> argv = {
      "/bin/sh", "-c", "ulimit -v \"$0\" && exec \"$@\"", std::to_string(r.maxMemoryMb * 1024), r.nixInstantiate,
      "--eval", "--strict", "--json", "-I", "nixpkgs=" + eval::canonicalPath(r.nixpkgs), "--expr", kExpr};
  const ProcessResult p = runProcess(argv, "", r.timeout);
  if (!p.started) {
    out.error = "could not run " + r.nixInstantiate + ": " + p.spawnError;
    return out;
  }
  if (p.timedOut) {
    out.error = "computing the NixOS options took more than " + std::to_string(r.timeout.count() / 1000) + " s";
    return out;
  }
  if (p.exitCode != 0) {
    std::string err = p.err.substr(0, 2000);
    while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
    out.error = "nix-instantiate failed" + (err.empty() ? std::string() : ": " + err);
    return out;
  }
  fs::create_directories(r.cacheDir, ec);
  const std::string tmp = cache + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary);
    f << p.out;
    if (!f) {
      out.error = "cannot write " + tmp;
      return out;
    }
  }
  fs::rename(tmp, cache, ec);
  if (ec) {
    out.error = "cannot write " + cache + ": " + ec.message();
    return out;
  }
  out.jsonPath = cache;
  return out;
}

}  // namespace fw::server
