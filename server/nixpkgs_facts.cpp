// nixpkgs package facts through a child nix-instantiate (see
// nixpkgs_facts.h). The expression is ours; it reads only attributes a
// derivation's meta conventionally has and never builds anything.

#include "server/nixpkgs_facts.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "server/external_process.h"

namespace fw::server {

namespace {

// Nix string attributes only: `pkgs."python3Packages"."requests"`.
std::optional<std::string> attrPath(const std::string& name) {
  if (name.empty() || name.size() > 200) return std::nullopt;
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = name.find('.', start);
    const std::string part = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty()) return std::nullopt;
    for (char c : part)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '\'' || c == '+'))
        return std::nullopt;
    out += ".\"" + part + "\"";
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

// Evaluated with --strict --json: strings or null for every field.
std::string expression(const std::string& path) {
  return R"nix(
let
  pkgs = import <flakewise-nixpkgs> { config = { }; overlays = [ ]; };
  str = x: if builtins.isString x then x else null;
  first = x: if builtins.isList x then (if x == [ ] then null else builtins.head x) else x;
  safe = x: let r = builtins.tryEval x; in if r.success then r.value else null;
  p = pkgs)nix" + path + R"nix(;
  meta = safe (p.meta or { });
  license = safe (first (meta.license or null));
in
{
  isDerivation = safe ((p.type or null) == "derivation");
  pname = safe (str (p.pname or null));
  version = safe (str (p.version or null));
  name = safe (str (p.name or null));
  description = safe (str (meta.description or null));
  homepage = safe (str (first (meta.homepage or null)));
  license = safe (if builtins.isAttrs license then str (license.spdxId or license.shortName or license.fullName or null) else str license);
  mainProgram = safe (str (meta.mainProgram or null));
  position = safe (str (meta.position or null));
}
)nix";
}

std::string field(const nlohmann::json& j, const char* k) {
  return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "";
}

}  // namespace

std::optional<std::string> NixpkgsFacts::resolveSource(const NixpkgsConfig& config) {
  if (!config.source.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(config.source, ec) || std::filesystem::is_regular_file(config.source, ec))
      return config.source;
    return std::nullopt;
  }
  {
    std::lock_guard lock(mutex_);
    if (auto it = sources_.find(config.nixInstantiate); it != sources_.end()) return it->second;
  }
  const ProcessResult r =
      runProcess({config.nixInstantiate, "--find-file", "nixpkgs"}, "", std::chrono::milliseconds(5000), 1 << 16);
  std::optional<std::string> found;
  if (r.started && !r.timedOut && r.exitCode == 0) {
    std::string out = r.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    if (!out.empty()) found = out;
  }
  std::lock_guard lock(mutex_);
  sources_[config.nixInstantiate] = found;
  return found;
}

std::optional<std::string> NixpkgsFacts::markdown(const std::string& name, const NixpkgsConfig& config) {
  const std::optional<std::string> path = attrPath(name);
  if (!path) return std::nullopt;
  const std::optional<std::string> source = resolveSource(config);
  if (!source) return std::nullopt;
  const std::string key = *source + "\n" + name;
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  // The address-space limit is set by a shell around nix-instantiate
  // (ulimit -v, in KiB); the time limit by runProcess.
  const std::vector<std::string> argv = {
      "/bin/sh", "-c", "ulimit -v \"$1\" 2>/dev/null; shift; exec \"$@\"", "sh",
      std::to_string(config.memoryMiB * 1024), config.nixInstantiate, "--eval", "--strict", "--json",
      "-I", "flakewise-nixpkgs=" + *source, "-E", expression(*path)};
  const ProcessResult r = runProcess(argv, "", config.timeout, std::size_t{1} << 20);
  std::string md;
  if (!r.started) {
    md = "nixpkgs evaluation could not start: " + r.spawnError;
  } else if (r.timedOut) {
    md = "nixpkgs evaluation stopped after " + std::to_string(config.timeout.count()) + " ms (time limit)";
  } else if (!r.spawnError.empty()) {
    md = "nixpkgs evaluation stopped: " + r.spawnError;
  } else if (r.signal != 0) {
    // Not "no such package": the evaluation itself was ended (out of
    // memory, killed from outside).
    md = "nixpkgs evaluation was killed by signal " + std::to_string(r.signal);
  } else if (r.exitCode != 0) {
    std::string err = r.err;
    const std::size_t at = err.find("error: ");
    if (at != std::string::npos) err = err.substr(at + 7);
    err = err.substr(0, err.find('\n'));
    md = "nixpkgs has no `" + name + "` here, or it does not evaluate: " + err;
  } else {
    const nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    if (!j.is_object()) {
      md = "nixpkgs evaluation gave no answer";
    } else {
      const std::string pname = field(j, "pname").empty() ? field(j, "name") : field(j, "pname");
      md = "**" + name + "**";
      if (!pname.empty() && pname != name) md += " (" + pname + ")";
      if (!field(j, "version").empty()) md += " " + field(j, "version");
      md += " — from nixpkgs (`" + *source + "`)\n\n";
      if (!field(j, "description").empty()) md += field(j, "description") + "\n\n";
      auto row = [&](const char* label, const std::string& v) {
        if (!v.empty()) md += "- " + std::string(label) + ": " + v + "\n";
      };
      row("homepage", field(j, "homepage"));
      row("license", field(j, "license"));
      row("main program", field(j, "mainProgram"));
      if (!field(j, "position").empty()) row("defined at", "`" + field(j, "position") + "`");
      if (j.contains("isDerivation") && j["isDerivation"] == false) md += "\nNot a derivation.\n";
      while (!md.empty() && md.back() == '\n') md.pop_back();
    }
  }
  std::lock_guard lock(mutex_);
  cache_[key] = md;
  return md;
}

}  // namespace fw::server
