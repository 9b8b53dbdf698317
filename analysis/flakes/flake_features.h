#pragma once
// Editor features of flake.nix and flake.lock: diagnostics (schema, input
// URLs, outputs arguments, follows, the lock against the flake), hover and
// completion of the schema and the inputs, links from input URLs to their
// web pages, and inlay hints of the locked revisions. Plain data in and
// out; the server converts to LSP.

#include <optional>
#include <string>
#include <vector>

#include "analysis/completion.h"
#include "analysis/flakes/flake_file.h"
#include "analysis/flakes/lock_file.h"
#include "analysis/navigation.h"

namespace fw::flakes {

// The lock next to a flake.nix, as read through ctx.files.
struct LockContext {
  bool present = false;  // flake.lock exists
  std::optional<LockFile> lock;
};
[[nodiscard]] LockContext lockNextTo(const FeatureContext& ctx);

// Diagnostics of a flake.nix (schema, inputs, outputs arguments, the lock
// as seen from the flake). Empty for files that are not flakes.
[[nodiscard]] std::vector<Diagnostic> flakeDiagnostics(const SyntaxTree& tree, const LockContext& lock);

// Diagnostics of a flake.lock's text: JSON and shape errors, and inputs
// the flake (when given: the sibling flake.nix) no longer declares.
[[nodiscard]] std::vector<Diagnostic> lockDiagnostics(std::string_view lockText, const SyntaxTree* flake);

[[nodiscard]] std::optional<HoverResult> flakeHover(const DocumentView& view, ByteOffset offset,
                                                    const LockContext& lock);

// Hover in a flake.lock's text: on a node's key or an input of a node,
// what it pins (as flakeHover shows it for the input in flake.nix).
[[nodiscard]] std::optional<HoverResult> lockFileHover(std::string_view lockText, ByteOffset offset);

// Completion of flake attributes, input attributes and names, outputs and
// their arguments; nullopt where the flake schema has nothing to say.
[[nodiscard]] std::optional<CompletionResult> flakeCompletion(const DocumentView& view, ByteOffset offset,
                                                              const LockContext& lock);

struct DocumentLink {
  ByteRange range;
  std::string target;   // a URL (https://…, file://…)
  std::string tooltip;
};
// Every input URL (and attribute-form input) linked to its web page;
// relative paths resolve against `flakeDir`.
[[nodiscard]] std::vector<DocumentLink> flakeLinks(const SyntaxTree& tree, const std::string& flakeDir,
                                                   const LockContext& lock);

struct InlayHint {
  ByteOffset position = 0;
  std::string label;
  std::string tooltip;  // markdown
};
// After each input: the locked revision and date.
[[nodiscard]] std::vector<InlayHint> flakeInlayHints(const SyntaxTree& tree, const LockContext& lock,
                                                     ByteRange range);

// Markdown about a locked input (owner/repo@rev, date, narHash, follows);
// shared by hover and inlay hint tooltips. `path`: the input path from the
// root ("crane", "crane/nixpkgs").
[[nodiscard]] std::string lockedInputMarkdown(const LockFile& lock, const std::vector<std::string>& path);
// A reference in the lock's attribute form written as a URL
// ("github:NixOS/nixpkgs/nixos-24.05").
[[nodiscard]] std::string lockAttrsToUrl(const std::vector<std::pair<std::string, std::string>>& attrs);

}  // namespace fw::flakes
