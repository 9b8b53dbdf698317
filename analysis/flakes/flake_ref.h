#pragma once
// Flake references (the `url` of a flake input, or its attribute-set form),
// parsed and validated the way Nix 2.8 reads them (nix3-flake(1), "Flake
// references"), plus what a person wants from one: a short description and
// the web page it points at.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fw::flakes {

enum class RefType { Indirect, GitHub, GitLab, SourceHut, Git, Mercurial, Path, Tarball, File };

[[nodiscard]] std::string_view refTypeName(RefType t);  // "github", "git", …

struct FlakeRef {
  RefType type = RefType::Indirect;
  std::string id;     // indirect: the registry name
  std::string owner;  // github, gitlab, sourcehut
  std::string repo;
  std::string host;   // github/gitlab/sourcehut `host`; git/tarball: the URL's host
  std::string ref;    // branch or tag
  std::string rev;    // commit hash
  std::string dir;    // subdirectory holding flake.nix
  std::string url;    // git, hg, tarball, file: the transport URL without flakewise params
  std::string path;   // path (and git+file): the local path as written
  bool relativePath = false;  // path: ./x, ../x
  std::vector<std::pair<std::string, std::string>> params;  // every `?k=v`, in order
};

struct FlakeRefProblem {
  std::string message;
  bool warning = false;  // Nix accepts it, but it is probably a mistake
};

struct FlakeRefParse {
  std::optional<FlakeRef> ref;           // set unless an error was found
  std::vector<FlakeRefProblem> problems;  // errors first
};

// Parses the URL-like form.
[[nodiscard]] FlakeRefParse parseFlakeRef(std::string_view url);

// The attribute-set form (`{ type = "github"; owner = …; }`): name/value
// pairs of its string attributes.
[[nodiscard]] FlakeRefParse flakeRefFromAttrs(
    const std::vector<std::pair<std::string, std::string>>& attrs);

// A commit hash as Nix 2.8 accepts it: 40 hexadecimal digits.
[[nodiscard]] bool isCommitHash(std::string_view s);
// A branch or tag name git would accept (git check-ref-format, roughly).
[[nodiscard]] bool isValidGitRef(std::string_view s);

// One line for people: "GitHub NixOS/nixpkgs, branch nixos-24.05".
[[nodiscard]] std::string describeRef(const FlakeRef& r);
// The page a browser shows for it (repository, branch or commit), if any.
// Relative paths are left to the caller (they need the flake's directory).
[[nodiscard]] std::optional<std::string> webUrl(const FlakeRef& r);

// The default flake registry's well-known names (a small table of our own):
// `nixpkgs` -> github:NixOS/nixpkgs/nixpkgs-unstable.
[[nodiscard]] std::optional<std::string_view> registryTarget(std::string_view id);

}  // namespace fw::flakes
