#include "server/config.h"

#include <cstdint>
#include <filesystem>

#include "server/files.h"

namespace fw::server {

namespace fs = std::filesystem;
using json = nlohmann::json;

Settings parseSettings(const json& in, std::vector<std::string>& problems) {
  Settings out;
  const json& j = in.is_object() && in.contains("flakewise") && in["flakewise"].is_object() ? in["flakewise"] : in;
  if (j.is_object() && j.contains("options")) {
    const json& o = j["options"];
    if (!o.is_object()) {
      problems.push_back("\"options\" must be an object");
    } else {
      if (o.contains("json")) {
        // An empty path (an editor setting's default) means none.
        if (o["json"].is_string()) {
          if (!o["json"].get<std::string>().empty()) out.optionsJson = o["json"].get<std::string>();
        }
        else problems.push_back("\"options.json\" must be a string (a path)");
      }
      if (o.contains("nixos")) {
        if (o["nixos"].is_boolean()) out.nixosOptions = o["nixos"].get<bool>();
        else problems.push_back("\"options.nixos\" must be true or false");
      }
      if (o.contains("nixpkgs")) {
        if (o["nixpkgs"].is_string()) {
          if (!o["nixpkgs"].get<std::string>().empty()) out.nixpkgs = o["nixpkgs"].get<std::string>();
        }
        else problems.push_back("\"options.nixpkgs\" must be a string (a path)");
      }
      if (o.contains("nixosTimeoutSeconds")) {
        const json& t = o["nixosTimeoutSeconds"];
        if (t.is_number_integer() && t.get<std::int64_t>() >= 1 && t.get<std::int64_t>() <= 3600)
          out.nixosTimeoutSeconds = static_cast<int>(t.get<std::int64_t>());
        else problems.push_back("\"options.nixosTimeoutSeconds\" must be a whole number of seconds from 1 to 3600");
      }
    }
  }
  if (!j.is_object() || !j.contains("diagnostics")) return out;
  const json& d = j["diagnostics"];
  if (!d.is_object()) {
    problems.push_back("\"diagnostics\" must be an object");
    return out;
  }
  auto strings = [&](const char* key, std::vector<std::string>& dst) {
    if (!d.contains(key)) return;
    if (!d[key].is_array()) {
      problems.push_back(std::string("\"diagnostics.") + key + "\" must be a list of strings");
      return;
    }
    for (const json& v : d[key]) {
      if (v.is_string()) dst.push_back(v.get<std::string>());
      else problems.push_back(std::string("\"diagnostics.") + key + "\" must hold strings only");
    }
  };
  strings("disabled", out.disabled);
  strings("exclude", out.exclude);
  if (d.contains("delayMs")) {
    if (d["delayMs"].is_number_integer()) out.delayMs = d["delayMs"].get<int>();
    else problems.push_back("\"diagnostics.delayMs\" must be an integer");
  }
  return out;
}

std::optional<ProjectConfig> loadProjectConfig(const std::string& dir, std::vector<std::string>& problems) {
  const fs::path file = fs::path(dir) / ".flakewise.json";
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  std::string err;
  std::optional<std::string> text = readFile(file, err);
  if (!text) {
    problems.push_back(err);
    return std::nullopt;
  }
  try {
    const json j = json::parse(*text);
    std::vector<std::string> inner;
    ProjectConfig cfg{dir, parseSettings(j, inner)};
    for (auto& p : inner) problems.push_back(file.string() + ": " + p);
    return cfg;
  } catch (const json::parse_error& e) {
    problems.push_back(file.string() + ": invalid JSON at byte " + std::to_string(e.byte));
    return std::nullopt;
  }
}

std::optional<ProjectConfig> findProjectConfig(const std::string& path, std::vector<std::string>& problems) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec).lexically_normal();
  if (!fs::is_directory(p, ec)) p = p.parent_path();
  for (;;) {
    if (auto cfg = loadProjectConfig(p.string(), problems)) return cfg;
    if (!p.has_parent_path() || p.parent_path() == p) return std::nullopt;
    p = p.parent_path();
  }
}

bool globMatch(std::string_view pat, std::string_view s) {
  // Patterns and paths are short: plain backtracking is enough.
  if (pat.empty()) return s.empty();
  if (pat.starts_with("**")) {
    std::string_view rest = pat.substr(2);
    // `**/` also matches zero segments.
    if (rest.starts_with("/") && globMatch(rest.substr(1), s)) return true;
    for (std::size_t i = 0; i <= s.size(); ++i)
      if (globMatch(rest, s.substr(i))) return true;
    return false;
  }
  if (pat[0] == '*') {
    for (std::size_t i = 0; i <= s.size(); ++i) {
      if (globMatch(pat.substr(1), s.substr(i))) return true;
      if (i < s.size() && s[i] == '/') break;  // one star stays in its segment
    }
    return false;
  }
  if (s.empty()) return false;
  if (pat[0] == '?') return s[0] != '/' && globMatch(pat.substr(1), s.substr(1));
  return pat[0] == s[0] && globMatch(pat.substr(1), s.substr(1));
}

bool isExcluded(const std::vector<std::string>& globs, const std::string& root, const std::string& path) {
  if (globs.empty()) return false;
  const std::string rel = fs::path(path).lexically_relative(root).generic_string();
  if (rel.empty() || rel.starts_with("..")) return false;
  for (const std::string& g : globs) {
    if (globMatch(g, rel)) return true;
    // "dir" or "dir/" excludes everything below it.
    std::string dir = g;
    while (!dir.empty() && dir.back() == '/') dir.pop_back();
    if (!dir.empty() && dir.find('*') == std::string::npos && (rel == dir || rel.starts_with(dir + "/"))) return true;
  }
  return false;
}

}  // namespace fw::server
