#pragma once
// Option schemas from modules: evaluates each module with flakewise's
// evaluator (through analysis/options/nix/driver.nix, with the built-in lib
// or nixpkgs' own), follows `imports` across files (each module once,
// cycles tolerated) and the submodules of option types, and reads every
// option declaration into plain data (option_tree.h).
//
// Fault isolation: each module has its own step budget and its own error
// handling, and so has each option and each field of an option; a module
// that fails loses only its own options (reported in the tree's failures),
// a field that fails (a default that cannot be evaluated) only that field.

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "analysis/eval/evaluator.h"
#include "analysis/options/option_tree.h"

namespace fw::options {

// Where to start: a module file, or an inline module expression inside a
// file (a `nixosModules.x = { … }` in flake.nix).
struct ModuleRoot {
  std::string file;
  std::optional<ByteRange> range;
};

struct ExtractConfig {
  eval::EvalSettings eval;  // allowed roots, budget (maxMemory applies to the whole run)
  // The lib to evaluate modules with: a nixpkgs `lib` directory (or its
  // default.nix); empty for flakewise's built-in lib.
  std::string lib;
  // NixOS's modules directory for `modulesPath` (empty: a placeholder path
  // whose imports are skipped).
  std::string modulesPath;
  std::uint64_t stepsPerModule = 20'000'000;
  std::size_t maxModules = 20000;
  std::size_t maxOptions = 500000;
  unsigned maxSubmoduleDepth = 12;
};

struct ExtractStats {
  std::size_t modules = 0;  // modules evaluated (files and inline ones, submodules included)
  std::uint64_t steps = 0;
};

// The option tree of the modules reachable from `roots`. `ev` must read
// files through withBuiltinFiles() (builtin_files.h). Cancelled through
// `stop` (the result is then partial; callers drop it).
[[nodiscard]] OptionTreePtr extractOptions(eval::Evaluator& ev, const std::vector<ModuleRoot>& roots,
                                           const ExtractConfig& cfg, std::stop_token stop = {},
                                           ExtractStats* stats = nullptr);

// Whether a failure means an import flakewise cannot follow: a path
// outside what evaluations may read, a placeholder `modulesPath`, or an
// inline module's import through an argument of the function around it
// (reported as notes, not failures).
[[nodiscard]] bool isExternalImportFailure(const ModuleFailure& f);

}  // namespace fw::options
