#pragma once
// One entry point per editor feature for the flake, package and NixOS
// service knowledge (analysis/flakes, analysis/packages,
// analysis/services), so that the server and `flakewise check` ask once.

#include <optional>
#include <span>
#include <stop_token>
#include <vector>

#include "analysis/code_actions.h"
#include "analysis/completion.h"
#include "analysis/features.h"
#include "analysis/navigation.h"
#include "analysis/packages/workspace_packages.h"

namespace fw {

// Diagnostics that need the file's name or its neighbours: flake.nix (with
// its flake.lock, read through ctx.files), package files, systemd
// services. Not filtered; see filterDiagnostics.
// With an evaluator, flake.nix also gets the output shape checks
// (flakes/flake_outputs.h).
[[nodiscard]] std::vector<Diagnostic> projectDiagnostics(const SyntaxTree& tree, const FeatureContext& ctx,
                                                         std::stop_token stop = {},
                                                         const packages::EvalAccess& eval = {});

// The diagnostics of a flake.lock (its text), judged against the
// flake.nix next to it when ctx.files can read it.
[[nodiscard]] std::vector<Diagnostic> flakeLockDiagnostics(std::string_view lockText, const FeatureContext& ctx);

// Flake schema and inputs, builder and fetcher arguments, then the
// workspace's packages (evaluated with `eval` when given).
[[nodiscard]] std::optional<HoverResult> projectHover(const DocumentView& view, ByteOffset offset,
                                                      const FeatureContext& ctx, const packages::EvalAccess& eval = {},
                                                      std::string* nixpkgsName = nullptr);
[[nodiscard]] std::optional<CompletionResult> projectCompletion(const DocumentView& view, ByteOffset offset,
                                                                const FeatureContext& ctx);
[[nodiscard]] std::vector<CodeAction> projectCodeActions(const SyntaxTree& tree, ByteRange range,
                                                         std::span<const Diagnostic> diagnostics);

}  // namespace fw
