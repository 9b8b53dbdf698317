#pragma once
// What flakewise knows about nixpkgs' package builders and fetchers, in our
// own words: each one's arguments (type, meaning, default), which are
// required, and the hash arguments; plus `meta` and the build-time tools
// that belong in nativeBuildInputs. One table per concept.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fw::packages {

struct ArgInfo {
  std::string_view name;
  std::string_view type;
  std::string_view doc;
  std::string_view defaultValue;  // empty: none / not interesting
};

enum class CalleeKind { Builder, Fetcher };

struct CalleeInfo {
  std::string_view name;  // as documented: "stdenv.mkDerivation"
  CalleeKind kind = CalleeKind::Builder;
  std::string_view doc;
  std::span<const ArgInfo> args;  // its own arguments
  // mkDerivation's arguments apply too (builders built on it).
  bool takesMkDerivationArgs = false;
  // Alternatives that must be present: "pname,version|name" means pname
  // and version, or name. Each string is one requirement.
  std::span<const std::string_view> required;
  // Fetchers: whether a hash is needed (builtins.fetchGit pins by rev).
  bool needsHash = false;
  // Fetchers: which argument names a hash (hash, sha256, …).
  bool acceptsSri = true;  // `hash = "sha256-…"` (builtins.fetchTarball: only sha256)
  // Arguments shared by a family of builders (crane's).
  std::span<const ArgInfo> sharedArgs = {};
};

// The callee a call is written with: `craneLib.buildPackage`,
// `pkgs.stdenv.mkDerivation`, `fetchFromGitHub`, `buildGo122Module`, ….
[[nodiscard]] const CalleeInfo* findCallee(std::string_view dottedName);
[[nodiscard]] std::span<const CalleeInfo> callees();

// stdenv.mkDerivation's arguments.
[[nodiscard]] std::span<const ArgInfo> mkDerivationArgs();
// meta's attributes.
[[nodiscard]] std::span<const ArgInfo> metaAttributes();

// An argument of a callee (its own, or mkDerivation's for builders on it).
[[nodiscard]] const ArgInfo* findArg(const CalleeInfo& c, std::string_view name);
// Whether a name is an argument the builder accepts without knowing it:
// environment variables (CGO_ENABLED), phase hooks (preBuild, postFixup),
// dont*/do* switches and *Flags/*Phase/*Inputs variants that setup hooks add.
[[nodiscard]] bool isConventionalArg(std::string_view name);

// Hash arguments: the algorithm a legacy name implies (`sha256` -> sha256)
// and the current name to convert to (`sha256` -> `hash`, `cargoSha256` ->
// `cargoHash`).
struct HashArg {
  std::string_view name;
  std::optional<std::string_view> algo;  // "sha256" for sha256/cargoSha256/vendorSha256
  std::string_view modern;               // the SRI-era name; equal to name when current
  bool nullable = false;                 // vendorHash = null is meaningful
};
[[nodiscard]] const HashArg* findHashArg(std::string_view name);

// Branch names that a `rev` should not be (main, master, HEAD, …).
[[nodiscard]] bool isBranchName(std::string_view rev);

// Build-time tools that go in nativeBuildInputs (pkg-config, cmake, …);
// the name is the last attribute of the element (`qt6.wrapQtAppsHook`).
[[nodiscard]] bool isBuildTool(std::string_view name);

}  // namespace fw::packages
