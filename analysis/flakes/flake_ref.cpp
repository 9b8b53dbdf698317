#include "analysis/flakes/flake_ref.h"

#include <algorithm>
#include <array>

namespace fw::flakes {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kRegistry = {{
    {"disko", "github:nix-community/disko"},
    {"fenix", "github:nix-community/fenix"},
    {"flake-parts", "github:hercules-ci/flake-parts"},
    {"flake-utils", "github:numtide/flake-utils"},
    {"home-manager", "github:nix-community/home-manager"},
    {"hydra", "github:NixOS/hydra"},
    {"nix", "github:NixOS/nix"},
    {"nix-darwin", "github:LnL7/nix-darwin"},
    {"nixops", "github:NixOS/nixops"},
    {"nixos-hardware", "github:NixOS/nixos-hardware"},
    {"nixpkgs", "github:NixOS/nixpkgs/nixpkgs-unstable"},
    {"nur", "github:nix-community/NUR"},
    {"patchelf", "github:NixOS/patchelf"},
    {"sops-nix", "github:Mic92/sops-nix"},
    {"systems", "github:nix-systems/default"},
    {"templates", "github:NixOS/templates"},
}};

bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool isFlakeId(std::string_view s) {
  if (s.empty() || !isAlpha(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return isAlpha(c) || isDigit(c) || c == '_' || c == '-'; });
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

std::string percentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && isHex(s[i + 1]) && isHex(s[i + 2])) {
      auto nib = [](char c) { return isDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10; };
      out += static_cast<char>(nib(s[i + 1]) * 16 + nib(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool hasArchiveExtension(std::string_view path) {
  static constexpr std::string_view kExts[] = {".zip", ".tar", ".tgz", ".tar.gz", ".tar.xz", ".tar.bz2", ".tar.zst"};
  return std::any_of(std::begin(kExts), std::end(kExts), [&](std::string_view e) { return path.ends_with(e); });
}

// The parameters each type accepts (besides `dir`, which every flake
// reference has). Tarball and file URLs keep unknown parameters as part of
// the URL, so they are not checked.
std::vector<std::string_view> allowedParams(RefType t) {
  switch (t) {
    case RefType::GitHub:
    case RefType::GitLab:
    case RefType::SourceHut: return {"ref", "rev", "host", "narHash", "lastModified"};
    case RefType::Git:
      return {"ref", "rev", "submodules", "shallow", "allRefs", "narHash", "lastModified", "revCount"};
    case RefType::Mercurial: return {"ref", "rev", "narHash", "lastModified", "revCount"};
    case RefType::Path: return {"narHash", "lastModified", "rev", "revCount"};
    case RefType::Indirect: return {"ref", "rev"};
    case RefType::Tarball:
    case RefType::File: return {};
  }
  return {};
}

void error(FlakeRefParse& p, std::string message) { p.problems.push_back({std::move(message), false}); }
void warning(FlakeRefParse& p, std::string message) { p.problems.push_back({std::move(message), true}); }

// Checks `ref`/`rev` values and the parameters allowed for the type;
// fills ref, rev, dir and host from the parameters.
void applyParams(FlakeRefParse& p, FlakeRef& r, bool pathHasRefOrRev) {
  const bool checkUnknown = r.type != RefType::Tarball && r.type != RefType::File;
  const std::vector<std::string_view> allowed = allowedParams(r.type);
  for (const auto& [k, v] : r.params) {
    if (k == "dir") {
      r.dir = v;
      continue;
    }
    if (checkUnknown && std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      error(p, "'" + k + "' is not a parameter of " + std::string(refTypeName(r.type)) + " flake references");
      continue;
    }
    if (k == "ref" || k == "rev") {
      if (pathHasRefOrRev) {
        error(p, "the reference already names a branch, tag or commit in its path; '?" + k + "=' is one too many");
        continue;
      }
      if (k == "ref") {
        if (!isValidGitRef(v)) error(p, "'" + v + "' is not a valid branch or tag name");
        r.ref = v;
      } else {
        if (!isCommitHash(v)) error(p, "rev '" + v + "' is not a full commit hash (40 hexadecimal digits)");
        r.rev = v;
      }
    } else if (k == "host") {
      r.host = v;
    } else if ((k == "submodules" || k == "shallow" || k == "allRefs") && v != "0" && v != "1") {
      error(p, "'" + k + "' takes 0 or 1, not '" + v + "'");
    }
  }
}

// `<ref-or-rev>` of github:o/r/<x> and indirect id/<x>.
void refOrRev(FlakeRefParse& p, FlakeRef& r, std::string_view x) {
  if (isCommitHash(x)) {
    r.rev = std::string(x);
  } else if (isValidGitRef(x)) {
    r.ref = std::string(x);
  } else {
    error(p, "'" + std::string(x) + "' is neither a commit hash nor a branch or tag name");
  }
}

void parseForge(FlakeRefParse& p, FlakeRef& r, std::string_view rest) {
  const std::vector<std::string_view> parts = split(rest, '/');
  if (parts.size() < 2 || parts[0].empty() || parts[1].empty()) {
    error(p, std::string(refTypeName(r.type)) + " references need an owner and a repository: " +
                 std::string(refTypeName(r.type)) + ":<owner>/<repo>");
    return;
  }
  r.owner = percentDecode(parts[0]);
  r.repo = std::string(parts[1]);
  if (r.type == RefType::SourceHut && !r.owner.starts_with("~")) {
    warning(p, "SourceHut owners start with '~' (sourcehut:~" + r.owner + "/" + r.repo + ")");
  }
  if (parts.size() == 3) {
    if (parts[2].empty()) error(p, "empty branch, tag or commit after the repository");
    else refOrRev(p, r, parts[2]);
  } else if (parts.size() > 3) {
    // Nix 2.8 refuses this; later versions read the rest as one ref.
    std::string ref;
    for (std::size_t i = 2; i < parts.size(); ++i) ref += (i > 2 ? "/" : "") + std::string(parts[i]);
    r.ref = ref;
    warning(p, "Nix 2.8 refuses a ref with '/' in the path; write it as ?ref=" + ref);
  }
}

}  // namespace

std::string_view refTypeName(RefType t) {
  switch (t) {
    case RefType::Indirect: return "indirect";
    case RefType::GitHub: return "github";
    case RefType::GitLab: return "gitlab";
    case RefType::SourceHut: return "sourcehut";
    case RefType::Git: return "git";
    case RefType::Mercurial: return "mercurial";
    case RefType::Path: return "path";
    case RefType::Tarball: return "tarball";
    case RefType::File: return "file";
  }
  return "indirect";
}

bool isCommitHash(std::string_view s) { return s.size() == 40 && std::all_of(s.begin(), s.end(), isHex); }

bool isValidGitRef(std::string_view s) {
  if (s.empty() || s == "@" || s.starts_with("/") || s.ends_with("/") || s.ends_with(".") ||
      s.ends_with(".lock") || s.starts_with("-"))
    return false;
  if (s.find("..") != std::string_view::npos || s.find("@{") != std::string_view::npos ||
      s.find("//") != std::string_view::npos || s.find("/.") != std::string_view::npos || s.starts_with("."))
    return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == ' ' || c == '~' || c == '^' || c == ':' || c == '?' || c == '*' ||
        c == '[' || c == '\\')
      return false;
  }
  return true;
}

FlakeRefParse parseFlakeRef(std::string_view url) {
  FlakeRefParse p;
  FlakeRef r;
  if (url.empty()) {
    error(p, "empty flake reference");
    return p;
  }
  if (std::any_of(url.begin(), url.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; })) {
    error(p, "a flake reference cannot contain spaces");
    return p;
  }
  if (const std::size_t hash = url.find('#'); hash != std::string_view::npos) {
    error(p, "an input's URL cannot select an output ('#" + std::string(url.substr(hash + 1)) + "')");
    url = url.substr(0, hash);
  }
  std::string_view base = url;
  if (const std::size_t q = url.find('?'); q != std::string_view::npos) {
    base = url.substr(0, q);
    for (std::string_view kv : split(url.substr(q + 1), '&')) {
      if (kv.empty()) continue;
      const std::size_t eq = kv.find('=');
      if (eq == std::string_view::npos) {
        error(p, "parameter '" + std::string(kv) + "' has no value (write " + std::string(kv) + "=…)");
        continue;
      }
      r.params.emplace_back(percentDecode(kv.substr(0, eq)), percentDecode(kv.substr(eq + 1)));
    }
  }
  // Scheme: letters, digits, '+', '-', '.' before the first ':'.
  std::string scheme;
  std::string_view rest = base;
  if (const std::size_t colon = base.find(':'); colon != std::string_view::npos && colon > 0) {
    const std::string_view s = base.substr(0, colon);
    if (isAlpha(s[0]) && std::all_of(s.begin(), s.end(), [](char c) {
          return isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.';
        })) {
      scheme = std::string(s);
      rest = base.substr(colon + 1);
    }
  }
  bool pathHasRefOrRev = false;
  if (scheme.empty()) {
    if (base.starts_with(".") || base.starts_with("/")) {
      r.type = RefType::Path;
      r.path = std::string(base);
      r.relativePath = base.starts_with(".");
    } else {
      r.type = RefType::Indirect;
      const std::vector<std::string_view> parts = split(base, '/');
      if (!isFlakeId(parts[0])) {
        error(p, "'" + std::string(base) +
                     "' is not a flake reference: a registry name starts with a letter and has only letters, "
                     "digits, '-' and '_'; other kinds need a scheme such as github: or path:");
        return p;
      }
      r.id = std::string(parts[0]);
      if (parts.size() >= 2) {
        refOrRev(p, r, parts[1]);
        pathHasRefOrRev = true;
      }
      if (parts.size() == 3) {
        if (!isCommitHash(parts[2])) error(p, "'" + std::string(parts[2]) + "' is not a full commit hash");
        else r.rev = std::string(parts[2]);
      }
      if (parts.size() > 3) error(p, "a registry reference is <name>[/<ref-or-rev>[/<rev>]]");
    }
  } else if (scheme == "flake") {
    FlakeRefParse inner = parseFlakeRef(std::string(rest) + (base.size() < url.size() ? std::string(url.substr(base.size())) : ""));
    if (inner.ref && inner.ref->type != RefType::Indirect) error(inner, "'flake:' is followed by a registry name");
    return inner;
  } else if (scheme == "github" || scheme == "gitlab" || scheme == "sourcehut") {
    r.type = scheme == "github" ? RefType::GitHub : scheme == "gitlab" ? RefType::GitLab : RefType::SourceHut;
    parseForge(p, r, rest);
    pathHasRefOrRev = !r.ref.empty() || !r.rev.empty();
  } else if (scheme.starts_with("git+") || scheme == "git" || scheme.starts_with("hg+")) {
    const bool hg = scheme.starts_with("hg+");
    r.type = hg ? RefType::Mercurial : RefType::Git;
    const std::string transport = scheme == "git" ? "git" : scheme.substr(scheme.find('+') + 1);
    static constexpr std::string_view kGit[] = {"http", "https", "ssh", "git", "file"};
    static constexpr std::string_view kHg[] = {"http", "https", "ssh", "file"};
    const bool known = hg ? std::find(std::begin(kHg), std::end(kHg), transport) != std::end(kHg)
                          : std::find(std::begin(kGit), std::end(kGit), transport) != std::end(kGit);
    if (!known) {
      error(p, "'" + scheme + ":' is not a supported " + std::string(hg ? "Mercurial" : "Git") +
                   " transport (" + (hg ? "hg+https, hg+http, hg+ssh, hg+file" : "git+https, git+http, git+ssh, git+file, git") + ")");
      return p;
    }
    r.url = transport + ":" + std::string(rest);
    if (transport == "file") {
      r.path = std::string(rest.starts_with("//") ? rest.substr(2) : rest);
    } else if (!rest.starts_with("//") || rest.size() <= 2 || rest[2] == '/') {
      error(p, "a " + transport + " URL needs a host: " + scheme + "://<host>/<path>");
    } else {
      const std::string_view hostPart = rest.substr(2, rest.find('/', 2) == std::string_view::npos
                                                           ? std::string_view::npos
                                                           : rest.find('/', 2) - 2);
      const std::size_t at = hostPart.find('@');
      r.host = std::string(at == std::string_view::npos ? hostPart : hostPart.substr(at + 1));
    }
  } else if (scheme == "path") {
    r.type = RefType::Path;
    r.path = std::string(rest);
    r.relativePath = !rest.starts_with("/");
    if (rest.empty()) error(p, "path: needs a path");
  } else if (scheme.starts_with("tarball+") || scheme.starts_with("file+") || scheme == "http" ||
             scheme == "https" || scheme == "file") {
    const std::string transport = scheme.find('+') != std::string::npos ? scheme.substr(scheme.find('+') + 1) : scheme;
    if (transport != "http" && transport != "https" && transport != "file") {
      error(p, "'" + scheme + ":' is not supported (http, https or file after tarball+ / file+)");
      return p;
    }
    r.url = transport + ":" + std::string(rest);
    const bool archive = hasArchiveExtension(rest);
    r.type = scheme.starts_with("file+") ? RefType::File
             : scheme.starts_with("tarball+") || archive ? RefType::Tarball
                                                         : RefType::File;
    if (transport != "file" && (!rest.starts_with("//") || rest.size() <= 2)) {
      error(p, "a " + transport + " URL needs a host: " + transport + "://<host>/<path>");
    } else if (transport != "file") {
      const std::size_t slash = rest.find('/', 2);
      r.host = std::string(rest.substr(2, slash == std::string_view::npos ? std::string_view::npos : slash - 2));
    }
  } else {
    error(p, "'" + scheme +
                 ":' is not a flake reference scheme (github:, gitlab:, sourcehut:, git+https:, path:, "
                 "tarball+https:, or a registry name)");
    return p;
  }
  applyParams(p, r, pathHasRefOrRev);
  const bool hasError = std::any_of(p.problems.begin(), p.problems.end(), [](const FlakeRefProblem& x) { return !x.warning; });
  std::stable_sort(p.problems.begin(), p.problems.end(),
                   [](const FlakeRefProblem& a, const FlakeRefProblem& b) { return !a.warning && b.warning; });
  if (!hasError) p.ref = std::move(r);
  return p;
}

FlakeRefParse flakeRefFromAttrs(const std::vector<std::pair<std::string, std::string>>& attrs) {
  FlakeRefParse p;
  auto get = [&](std::string_view k) -> std::optional<std::string> {
    for (const auto& [n, v] : attrs)
      if (n == k) return v;
    return std::nullopt;
  };
  const std::optional<std::string> type = get("type");
  if (!type) {
    error(p, "an input given by attributes needs `type` (github, gitlab, sourcehut, git, path, tarball, indirect, …)");
    return p;
  }
  std::string url;
  if (*type == "github" || *type == "gitlab" || *type == "sourcehut") {
    const auto owner = get("owner");
    const auto repo = get("repo");
    if (!owner || !repo) {
      error(p, "a " + *type + " input needs `owner` and `repo`");
      return p;
    }
    url = *type + ":" + *owner + "/" + *repo;
  } else if (*type == "indirect") {
    const auto id = get("id");
    if (!id) {
      error(p, "an indirect input needs `id`");
      return p;
    }
    url = *id;
  } else if (*type == "path") {
    const auto path = get("path");
    if (!path) {
      error(p, "a path input needs `path`");
      return p;
    }
    url = "path:" + *path;
  } else if (*type == "git" || *type == "mercurial" || *type == "tarball" || *type == "file") {
    const auto u = get("url");
    if (!u) {
      error(p, "a " + *type + " input needs `url`");
      return p;
    }
    const std::string prefix = *type == "git" ? "git+" : *type == "mercurial" ? "hg+" : *type + "+";
    url = u->find(':') != std::string::npos && !u->starts_with(prefix) ? prefix + *u : *u;
  } else {
    error(p, "'" + *type + "' is not an input type (github, gitlab, sourcehut, git, mercurial, path, tarball, file, indirect)");
    return p;
  }
  std::string query;
  for (const auto& [k, v] : attrs) {
    if (k == "type" || k == "owner" || k == "repo" || k == "id" || k == "path" || k == "url") continue;
    query += (query.empty() ? "?" : "&") + k + "=" + v;
  }
  return parseFlakeRef(url + query);
}

std::string describeRef(const FlakeRef& r) {
  std::string at;
  if (!r.rev.empty()) at = ", commit " + r.rev.substr(0, 12);
  else if (!r.ref.empty()) at = ", ref " + r.ref;
  const std::string dir = r.dir.empty() ? "" : ", directory " + r.dir;
  switch (r.type) {
    case RefType::GitHub:
      return "GitHub " + r.owner + "/" + r.repo + (r.host.empty() ? "" : " on " + r.host) + at + dir;
    case RefType::GitLab:
      return "GitLab " + r.owner + "/" + r.repo + (r.host.empty() ? "" : " on " + r.host) + at + dir;
    case RefType::SourceHut:
      return "SourceHut " + r.owner + "/" + r.repo + (r.host.empty() ? "" : " on " + r.host) + at + dir;
    case RefType::Git: return "Git repository " + r.url + at + dir;
    case RefType::Mercurial: return "Mercurial repository " + r.url + at + dir;
    case RefType::Path: return std::string(r.relativePath ? "relative path " : "local path ") + r.path + dir;
    case RefType::Tarball: return "tarball " + r.url + dir;
    case RefType::File: return "file " + r.url;
    case RefType::Indirect: {
      std::string s = "registry name " + r.id + at + dir;
      if (auto target = registryTarget(r.id)) s += " (default registry: " + std::string(*target) + ")";
      return s;
    }
  }
  return "";
}

std::optional<std::string> webUrl(const FlakeRef& r) {
  switch (r.type) {
    case RefType::GitHub: {
      std::string u = "https://" + (r.host.empty() ? std::string("github.com") : r.host) + "/" + r.owner + "/" + r.repo;
      if (!r.rev.empty()) return u + "/tree/" + r.rev + (r.dir.empty() ? "" : "/" + r.dir);
      if (!r.ref.empty()) return u + "/tree/" + r.ref + (r.dir.empty() ? "" : "/" + r.dir);
      if (!r.dir.empty()) return u + "/tree/HEAD/" + r.dir;
      return u;
    }
    case RefType::GitLab: {
      std::string u = "https://" + (r.host.empty() ? std::string("gitlab.com") : r.host) + "/" + r.owner + "/" + r.repo;
      if (!r.rev.empty()) return u + "/-/tree/" + r.rev;
      if (!r.ref.empty()) return u + "/-/tree/" + r.ref;
      return u;
    }
    case RefType::SourceHut: {
      std::string u = "https://" + (r.host.empty() ? std::string("git.sr.ht") : r.host) + "/" + r.owner + "/" + r.repo;
      if (!r.rev.empty()) return u + "/tree/" + r.rev;
      if (!r.ref.empty()) return u + "/tree/" + r.ref;
      return u;
    }
    case RefType::Git:
    case RefType::Mercurial: {
      if (r.url.starts_with("https:") || r.url.starts_with("http:")) return r.url;
      // ssh://git@github.com/o/r(.git) and friends on the big forges.
      static constexpr std::string_view kForges[] = {"github.com", "gitlab.com", "codeberg.org", "git.sr.ht"};
      if (std::find(std::begin(kForges), std::end(kForges), r.host) != std::end(kForges)) {
        const std::size_t slash = r.url.find('/', r.url.find("//") + 2);
        if (slash != std::string::npos) {
          std::string path = r.url.substr(slash);
          if (path.ends_with(".git")) path.resize(path.size() - 4);
          return "https://" + r.host + path;
        }
      }
      if (r.url.starts_with("file:")) return "file://" + r.path;
      return std::nullopt;
    }
    case RefType::Path:
      if (r.relativePath) return std::nullopt;
      return "file://" + r.path;
    case RefType::Tarball:
    case RefType::File: return r.url;
    case RefType::Indirect: {
      auto target = registryTarget(r.id);
      if (!target) return std::nullopt;
      FlakeRefParse t = parseFlakeRef(*target);
      if (!t.ref) return std::nullopt;
      if (!r.ref.empty()) t.ref->ref = r.ref;
      if (!r.rev.empty()) t.ref->rev = r.rev;
      return webUrl(*t.ref);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> registryTarget(std::string_view id) {
  for (const auto& [name, target] : kRegistry)
    if (name == id) return target;
  return std::nullopt;
}

}  // namespace fw::flakes
