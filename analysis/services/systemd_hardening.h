#pragma once
// NixOS modules: `systemd.services.<name>` definitions whose serviceConfig
// lacks the basic sandboxing (NoNewPrivileges, ProtectSystem, ProtectHome,
// PrivateTmp) while the service runs as root (no DynamicUser, no
// dedicated User). A hint, and a quick fix that adds the missing settings.
//
// Only what the file shows is judged: a serviceConfig built with `//` from
// something else, mkMerge or a function call is not reported.

#include <span>
#include <vector>

#include "analysis/code_actions.h"

namespace fw::services {

[[nodiscard]] std::vector<Diagnostic> hardeningDiagnostics(const SyntaxTree& tree);
[[nodiscard]] std::vector<CodeAction> hardeningCodeActions(const SyntaxTree& tree, ByteRange range,
                                                           std::span<const Diagnostic> diagnostics);

}  // namespace fw::services
