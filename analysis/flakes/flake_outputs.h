#pragma once
// Output shape checks of a flake.nix, like `nix flake check` makes before
// it builds anything, found by evaluating the outputs function with our
// evaluator. The inputs are stand-ins written by us (docs/FLAKES.md): a
// `nixpkgs` whose `lib` has the few functions flakes use to fan out over
// systems (genAttrs, systems.flakeExposed, optionalAttrs, …), a
// `flake-utils` with eachSystem / eachDefaultSystem, and a bare
// `{ outPath; }` for the others. Whatever needs more of an input (a
// package of nixpkgs) fails to evaluate and is left alone: findings come
// only from values that evaluated.

#include <stop_token>
#include <string>
#include <vector>

#include "parser/types.h"
#include "analysis/eval/evaluator.h"
#include "parser/syntax_tree.h"

namespace fw::flakes {

struct OutputCheckConfig {
  eval::EvalSettings settings;  // allowedRoots should include the flake's directory
};

// Unknown and deprecated top-level outputs, unknown system names, packages
// (checks, devShells, formatter) that are not derivations, apps without
// `type = "app"` or `program`, overlays that are not functions, modules of
// the wrong kind. `path` is the flake.nix that `tree` is the text of (the
// evaluator must see the same text, e.g. as an open document).
[[nodiscard]] std::vector<Diagnostic> flakeOutputDiagnostics(eval::Evaluator& evaluator, const std::string& path,
                                                             const SyntaxTree& tree, const OutputCheckConfig& config,
                                                             std::stop_token stop = {});

}  // namespace fw::flakes
