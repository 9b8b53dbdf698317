// Flake references as Nix 2.8 reads them (nix3-flake(1), "Flake references").

#include <doctest/doctest.h>

#include "analysis/flakes/flake_ref.h"

using namespace fw::flakes;

namespace {

FlakeRef ok(std::string_view url) {
  const FlakeRefParse p = parseFlakeRef(url);
  CAPTURE(url);
  if (!p.problems.empty()) CAPTURE(p.problems.front().message);
  REQUIRE(p.ref);
  return *p.ref;
}

std::string err(std::string_view url) {
  const FlakeRefParse p = parseFlakeRef(url);
  CAPTURE(url);
  CHECK_FALSE(p.ref);
  REQUIRE_FALSE(p.problems.empty());
  CHECK_FALSE(p.problems.front().warning);
  return p.problems.front().message;
}

}  // namespace

TEST_CASE("flake refs: github, gitlab, sourcehut") {
  FlakeRef r = ok("github:NixOS/nixpkgs/nixos-24.05");
  CHECK(r.type == RefType::GitHub);
  CHECK(r.owner == "NixOS");
  CHECK(r.repo == "nixpkgs");
  CHECK(r.ref == "nixos-24.05");
  CHECK(r.rev.empty());
  CHECK(webUrl(r) == "https://github.com/NixOS/nixpkgs/tree/nixos-24.05");
  CHECK(describeRef(r) == "GitHub NixOS/nixpkgs, ref nixos-24.05");

  r = ok("github:NixOS/nixpkgs/a3a3dda3bacf61e8a39258a0ed9c924eeca8e293");
  CHECK(r.rev == "a3a3dda3bacf61e8a39258a0ed9c924eeca8e293");
  CHECK(r.ref.empty());

  r = ok("github:edolstra/nix-warez?dir=blender");
  CHECK(r.dir == "blender");
  CHECK(webUrl(r) == "https://github.com/edolstra/nix-warez/tree/HEAD/blender");

  r = ok("github:ipetkov/crane");
  CHECK(webUrl(r) == "https://github.com/ipetkov/crane");

  r = ok("github:owner/repo?host=git.example.org&ref=v1.0");
  CHECK(r.host == "git.example.org");
  CHECK(r.ref == "v1.0");
  CHECK(webUrl(r) == "https://git.example.org/owner/repo/tree/v1.0");

  r = ok("gitlab:veloren/veloren/master");
  CHECK(r.type == RefType::GitLab);
  CHECK(webUrl(r) == "https://gitlab.com/veloren/veloren/-/tree/master");
  r = ok("gitlab:group%2Fsubgroup/repo");
  CHECK(r.owner == "group/subgroup");

  r = ok("sourcehut:~misterio/nix-colors/main");
  CHECK(r.type == RefType::SourceHut);
  CHECK(webUrl(r) == "https://git.sr.ht/~misterio/nix-colors/tree/main");

  CHECK(err("github:NixOS").find("owner and a repository") != std::string::npos);
  CHECK(err("github:NixOS/nixpkgs/nixos-24.05?ref=master").find("one too many") != std::string::npos);
  CHECK(err("github:NixOS/nixpkgs?rev=abc").find("full commit hash") != std::string::npos);
  CHECK(err("github:NixOS/nixpkgs?branch=x").find("'branch' is not a parameter") != std::string::npos);
  CHECK(err("github:NixOS/nixpkgs/bad..ref").find("neither a commit hash") != std::string::npos);
  CHECK(err("github:NixOS/nixpkgs#hello").find("cannot select an output") != std::string::npos);

  // A ref with slashes: later Nix versions accept it, 2.8 does not.
  const FlakeRefParse slash = parseFlakeRef("github:o/r/release/1.0");
  REQUIRE(slash.ref);
  CHECK(slash.ref->ref == "release/1.0");
  REQUIRE(slash.problems.size() == 1);
  CHECK(slash.problems[0].warning);
  // SourceHut owners carry their '~'.
  const FlakeRefParse noTilde = parseFlakeRef("sourcehut:misterio/nix-colors");
  REQUIRE(noTilde.ref);
  CHECK(noTilde.problems.size() == 1);
}

TEST_CASE("flake refs: git, mercurial, path, tarball, indirect") {
  FlakeRef r = ok("git+https://github.com/NixOS/patchelf?ref=master&rev=f34751b88bd07d7f44f5cd3200fb4122bf916c7e");
  CHECK(r.type == RefType::Git);
  CHECK(r.url == "https://github.com/NixOS/patchelf");
  CHECK(r.ref == "master");
  CHECK(r.rev == "f34751b88bd07d7f44f5cd3200fb4122bf916c7e");
  CHECK(r.host == "github.com");
  CHECK(webUrl(r) == "https://github.com/NixOS/patchelf");

  r = ok("git+ssh://git@github.com/NixOS/nix.git?ref=v1.2.3");
  CHECK(r.host == "github.com");
  CHECK(webUrl(r) == "https://github.com/NixOS/nix");
  r = ok("git://github.com/edolstra/dwarffs?ref=unstable&rev=e486d8d40e626a20e06d792db8cc5ac5aba9a5b4");
  CHECK(r.type == RefType::Git);
  r = ok("git+file:///home/my-user/some-repo");
  CHECK(r.path == "/home/my-user/some-repo");
  r = ok("git+https://example.org/my/repo?dir=flake1&submodules=1");
  CHECK(r.dir == "flake1");
  CHECK(err("git+https://example.org/r?submodules=yes").find("0 or 1") != std::string::npos);
  CHECK(err("git+ftp://example.org/r").find("transport") != std::string::npos);
  CHECK(err("git+https:/example.org/r").find("needs a host") != std::string::npos);

  r = ok("hg+https://hg.example.org/repo");
  CHECK(r.type == RefType::Mercurial);

  r = ok("path:/home/alice/src/patchelf");
  CHECK(r.type == RefType::Path);
  CHECK(webUrl(r) == "file:///home/alice/src/patchelf");
  r = ok("./sub");
  CHECK(r.relativePath);
  CHECK_FALSE(webUrl(r));
  r = ok("path:./sub?narHash=sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  CHECK(r.relativePath);

  r = ok("https://github.com/NixOS/patchelf/archive/master.tar.gz");
  CHECK(r.type == RefType::Tarball);
  CHECK(webUrl(r) == "https://github.com/NixOS/patchelf/archive/master.tar.gz");
  r = ok("tarball+https://example.org/download?id=1");
  CHECK(r.type == RefType::Tarball);
  r = ok("file+https://example.org/data.json");
  CHECK(r.type == RefType::File);

  r = ok("nixpkgs");
  CHECK(r.type == RefType::Indirect);
  CHECK(r.id == "nixpkgs");
  CHECK(webUrl(r) == "https://github.com/NixOS/nixpkgs/tree/nixpkgs-unstable");
  r = ok("nixpkgs/nixos-24.05");
  CHECK(r.ref == "nixos-24.05");
  CHECK(webUrl(r) == "https://github.com/NixOS/nixpkgs/tree/nixos-24.05");
  r = ok("flake:nixpkgs/a3a3dda3bacf61e8a39258a0ed9c924eeca8e293");
  CHECK(r.rev == "a3a3dda3bacf61e8a39258a0ed9c924eeca8e293");
  r = ok("my-registry-entry");
  CHECK_FALSE(webUrl(r));

  CHECK(err("").find("empty") != std::string::npos);
  CHECK(err("githb:NixOS/nixpkgs").find("not a flake reference scheme") != std::string::npos);
  CHECK(err("9lives").find("registry name") != std::string::npos);
  CHECK(err("github:NixOS/nix pkgs").find("spaces") != std::string::npos);
}

TEST_CASE("flake refs: attribute form") {
  FlakeRefParse p = flakeRefFromAttrs({{"type", "github"}, {"owner", "NixOS"}, {"repo", "nixpkgs"}, {"ref", "nixos-24.05"}});
  REQUIRE(p.ref);
  CHECK(p.ref->owner == "NixOS");
  CHECK(p.ref->ref == "nixos-24.05");
  p = flakeRefFromAttrs({{"type", "indirect"}, {"id", "nixpkgs"}});
  REQUIRE(p.ref);
  CHECK(p.ref->type == RefType::Indirect);
  p = flakeRefFromAttrs({{"type", "git"}, {"url", "https://example.org/r"}, {"ref", "main"}});
  REQUIRE(p.ref);
  CHECK(p.ref->type == RefType::Git);
  CHECK(p.ref->ref == "main");
  CHECK_FALSE(flakeRefFromAttrs({{"owner", "x"}}).ref);
  CHECK_FALSE(flakeRefFromAttrs({{"type", "github"}, {"owner", "x"}}).ref);
  CHECK_FALSE(flakeRefFromAttrs({{"type", "svn"}}).ref);
}

TEST_CASE("flake refs: commit hashes and git ref names") {
  CHECK(isCommitHash("37c3bed9167def190667f7a974849df5b5c9c5dc"));
  CHECK_FALSE(isCommitHash("37c3bed"));
  CHECK_FALSE(isCommitHash("g7c3bed9167def190667f7a974849df5b5c9c5dc"));
  CHECK(isValidGitRef("nixos-24.05"));
  CHECK(isValidGitRef("release/1.0"));
  CHECK(isValidGitRef("v1.2.3"));
  CHECK_FALSE(isValidGitRef("a..b"));
  CHECK_FALSE(isValidGitRef("x.lock"));
  CHECK_FALSE(isValidGitRef("a b"));
  CHECK_FALSE(isValidGitRef("a:b"));
  CHECK_FALSE(isValidGitRef("/x"));
}
