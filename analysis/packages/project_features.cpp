#include "analysis/packages/project_features.h"

#include "analysis/flakes/flake_features.h"
#include "analysis/flakes/flake_outputs.h"
#include "analysis/packages/package_checks.h"
#include "analysis/services/systemd_hardening.h"

namespace fw {

std::vector<Diagnostic> projectDiagnostics(const SyntaxTree& tree, const FeatureContext& ctx, std::stop_token stop,
                                           const packages::EvalAccess& eval) {
  std::vector<Diagnostic> out;
  if (!tree.parsed()) return out;
  if (flakes::isFlakeNix(ctx.path)) {
    for (Diagnostic& d : flakes::flakeDiagnostics(tree, flakes::lockNextTo(ctx))) out.push_back(std::move(d));
    if (eval.evaluator && eval.settings) {
      const flakes::OutputCheckConfig cfg{*eval.settings};
      for (Diagnostic& d : flakes::flakeOutputDiagnostics(*eval.evaluator, ctx.path, tree, cfg, stop))
        out.push_back(std::move(d));
    }
  }
  if (stop.stop_requested()) return {};
  for (Diagnostic& d : packages::packageDiagnostics(tree, stop)) out.push_back(std::move(d));
  for (Diagnostic& d : services::hardeningDiagnostics(tree)) out.push_back(std::move(d));
  return out;
}

std::vector<Diagnostic> flakeLockDiagnostics(std::string_view lockText, const FeatureContext& ctx) {
  SyntaxTreePtr flake;
  if (ctx.files && !ctx.path.empty()) flake = ctx.files->tree(flakes::siblingFlake(ctx.path));
  return flakes::lockDiagnostics(lockText, flake && flake->parsed() ? flake.get() : nullptr);
}

std::optional<HoverResult> projectHover(const DocumentView& view, ByteOffset offset, const FeatureContext& ctx,
                                        const packages::EvalAccess& eval, std::string* nixpkgsName) {
  if (flakes::isFlakeLock(ctx.path)) return flakes::lockFileHover(view.text(), offset);
  if (flakes::isFlakeNix(ctx.path)) {
    if (auto h = flakes::flakeHover(view, offset, flakes::lockNextTo(ctx))) return h;
  }
  if (auto h = packages::packageHover(view, offset)) return h;
  return packages::workspacePackageHover(view, offset, ctx, eval, nixpkgsName);
}

std::optional<CompletionResult> projectCompletion(const DocumentView& view, ByteOffset offset, const FeatureContext& ctx) {
  if (flakes::isFlakeNix(ctx.path)) {
    if (auto r = flakes::flakeCompletion(view, offset, flakes::lockNextTo(ctx))) return r;
  }
  if (auto r = packages::packageCompletion(view, offset); r && !r->items.empty()) return r;
  return packages::workspacePackageCompletion(view, offset, ctx);
}

std::vector<CodeAction> projectCodeActions(const SyntaxTree& tree, ByteRange range, std::span<const Diagnostic> diagnostics) {
  std::vector<CodeAction> out = packages::packageCodeActions(tree, range, diagnostics);
  for (CodeAction& a : services::hardeningCodeActions(tree, range, diagnostics)) out.push_back(std::move(a));
  return out;
}

}  // namespace fw
