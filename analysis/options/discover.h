#pragma once
// Which modules a workspace has, and which lib to evaluate them with.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/eval/evaluator.h"
#include "analysis/options/extract.h"

namespace fw::options {

// The module roots of one parsed file: the file itself when it is a
// module; otherwise its inline modules that declare options or import
// modules (a flake's `nixosModules.default = { imports = [ … ]; }`).
[[nodiscard]] std::vector<ModuleRoot> moduleRootsOf(const std::string& path, const SyntaxTree& tree);

// A hash of what in a file can change option declarations: the whole text,
// except the definitions of its modules (`config = …` and shorthand
// definitions), so typing inside definitions keeps a computed option tree.
[[nodiscard]] std::uint64_t schemaFingerprint(const SyntaxTree& tree);

struct NixpkgsLocation {
  std::string nixpkgs;  // the nixpkgs directory
  std::string lib;      // its lib/default.nix
  std::string origin;   // "the setting options.nixpkgs", "<nixpkgs> on the search path", "flake.lock (input nixpkgs)"
};

// nixpkgs when it is available locally, in this order: `configured` (a
// nixpkgs directory or its lib/), `<nixpkgs>` on `settings.searchPath`,
// the `nixpkgs` input locked in a workspace root's flake.lock whose store
// path exists. nullopt: use the built-in lib.
[[nodiscard]] std::optional<NixpkgsLocation> findNixpkgs(eval::Evaluator& ev, const eval::EvalSettings& settings,
                                                         const std::vector<std::string>& workspaceRoots,
                                                         const std::string& configured);

}  // namespace fw::options
