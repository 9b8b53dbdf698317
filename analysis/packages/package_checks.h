#pragma once
// Package files: calls of known builders (stdenv.mkDerivation, crane,
// buildGoModule, …) and fetchers (fetchFromGitHub, fetchurl, …), and of
// the project's own helpers that pass fetcher arguments through. From
// syntax: diagnostics (unknown and missing arguments, build tools in
// buildInputs, branch revs, missing, malformed and fake hashes, legacy
// hashes), their quick fixes, and hover and completion of arguments.

#include <optional>
#include <span>
#include <stop_token>
#include <vector>

#include "analysis/code_actions.h"
#include "analysis/completion.h"
#include "analysis/navigation.h"
#include "analysis/packages/builder_table.h"

namespace fw::packages {

// A call of a builder, fetcher or fetcher wrapper in a file.
struct CallSite {
  const CalleeInfo* callee = nullptr;  // null for wrappers
  std::string calleeName;              // as written
  Node call;                           // the apply_expression
  Node calleeNode;                     // its function part
  Node argument;
  // Set literals whose bindings are the call's arguments (written at the
  // call, or reached through `//`, `finalAttrs:` and let-bound names).
  std::vector<Node> sets;
  bool complete = true;  // every argument is in `sets`
  // Wrappers: formal -> fetcher argument it is passed as (rev, hash, …),
  // and the wrapped fetcher.
  const CalleeInfo* wraps = nullptr;
  std::vector<std::pair<std::string, std::string>> passes;
  std::vector<std::string> wrapperRequired;  // formals without default
};

[[nodiscard]] std::vector<CallSite> findCalls(const SyntaxTree& tree, std::stop_token stop = {});

[[nodiscard]] std::vector<Diagnostic> packageDiagnostics(const SyntaxTree& tree, std::stop_token stop = {});

// Quick fixes for package diagnostics touching `range` (convert a legacy
// hash to SRI, move a build tool to nativeBuildInputs), and the SRI
// conversion as a refactor on any legacy hash at the cursor.
[[nodiscard]] std::vector<CodeAction> packageCodeActions(const SyntaxTree& tree, ByteRange range,
                                                         std::span<const Diagnostic> diagnostics);

// Hover on a builder or fetcher name, one of its arguments, or a meta
// attribute.
[[nodiscard]] std::optional<HoverResult> packageHover(const DocumentView& view, ByteOffset offset);

// Completion of arguments in a call's set, and of meta attributes.
[[nodiscard]] std::optional<CompletionResult> packageCompletion(const DocumentView& view, ByteOffset offset);

}  // namespace fw::packages
