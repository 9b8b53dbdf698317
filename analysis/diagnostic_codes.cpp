#include "analysis/diagnostic_codes.h"

#include <algorithm>
#include <array>

namespace fw {

namespace {

// Sorted by code.
constexpr std::array kCodes = {
    DiagnosticCodeInfo{"build-tool-in-build-inputs", Severity::Hint,
                       "a build-time tool (pkg-config, cmake, makeWrapper, …) in buildInputs instead of nativeBuildInputs, which breaks cross-compilation"},
    DiagnosticCodeInfo{"builder-missing-argument", Severity::Error,
                       "a package builder called without an argument it needs (pname and version or name, src, vendorHash, npmDepsHash, cargoHash, …)"},
    DiagnosticCodeInfo{"builder-unknown-argument", Severity::Hint,
                       "an argument the builder does not know; builders pass it on as an environment variable, which is often a typo"},
    DiagnosticCodeInfo{"deprecated-let", Severity::Warning,
                       "`let { …; body = …; }` is an old form; use `let … in …`"},
    DiagnosticCodeInfo{"deprecated-url-literal", Severity::Warning,
                       "an unquoted URL; Nix can forbid these (no-url-literals), quote it"},
    DiagnosticCodeInfo{"duplicate-attribute", Severity::Error,
                       "an attribute defined twice in one set, which Nix rejects"},
    DiagnosticCodeInfo{"duplicate-formal", Severity::Error,
                       "a function argument named twice, which Nix rejects"},
    DiagnosticCodeInfo{"dynamic-let-attribute", Severity::Error,
                       "an interpolated name in `let`, which Nix rejects"},
    DiagnosticCodeInfo{"empty-inherit", Severity::Warning, "`inherit;` with no names does nothing"},
    DiagnosticCodeInfo{"empty-let", Severity::Warning, "`let in` with no bindings does nothing"},
    DiagnosticCodeInfo{"fetcher-branch-rev", Severity::Warning,
                       "a fetcher's rev is a branch name (main, master, HEAD, …): the hash breaks when the branch moves; pin a commit or a tag"},
    DiagnosticCodeInfo{"fetcher-fake-hash", Severity::Warning,
                       "lib.fakeHash or an all-zero hash: a placeholder to replace with the real hash after the first build"},
    DiagnosticCodeInfo{"fetcher-invalid-hash", Severity::Error,
                       "a hash that is neither SRI (sha256-…) nor a valid hex or Nix base-32 digest of its algorithm"},
    DiagnosticCodeInfo{"fetcher-legacy-hash", Severity::Hint,
                       "a hash in the legacy hex or Nix base-32 form (or under sha256 =); `hash` with an SRI hash is the current form"},
    DiagnosticCodeInfo{"fetcher-missing-hash", Severity::Error,
                       "a fetcher without a hash: the source is not pinned (and pure evaluation refuses it)"},
    DiagnosticCodeInfo{"file-too-large", Severity::Information,
                       "the file is over the size limit and was not analysed"},
    DiagnosticCodeInfo{"flake-attribute", Severity::Error,
                       "a top-level attribute of flake.nix that Nix does not accept, or one of the wrong kind"},
    DiagnosticCodeInfo{"flake-deprecated-output", Severity::Warning,
                       "a flake output name Nix has replaced (defaultPackage, devShell, overlay, nixosModule, …)"},
    DiagnosticCodeInfo{"flake-follows", Severity::Error,
                       "an input follows (or overrides) an input that does not exist"},
    DiagnosticCodeInfo{"flake-input-attribute", Severity::Error,
                       "an attribute of a flake input that Nix does not accept"},
    DiagnosticCodeInfo{"flake-input-url", Severity::Error,
                       "a flake input URL Nix cannot read (unknown scheme, missing owner or repository, bad ref or rev)"},
    DiagnosticCodeInfo{"flake-lock-invalid", Severity::Error,
                       "flake.lock is not valid JSON or not a lock file Nix can read"},
    DiagnosticCodeInfo{"flake-lock-missing", Severity::Warning,
                       "an input that flake.lock does not pin (or no flake.lock at all)"},
    DiagnosticCodeInfo{"flake-lock-outdated", Severity::Warning,
                       "flake.lock pins an input from another place than flake.nix now says"},
    DiagnosticCodeInfo{"flake-lock-stale", Severity::Warning,
                       "flake.lock holds inputs that flake.nix no longer declares"},
    DiagnosticCodeInfo{"flake-output-argument", Severity::Error,
                       "an argument of outputs that is not a declared input, or an input the outputs function cannot accept"},
    DiagnosticCodeInfo{"flake-output-type", Severity::Error,
                       "a flake output of the wrong kind, as `nix flake check` would report it (a package that is not a derivation, an app without program, …)"},
    DiagnosticCodeInfo{"flake-unknown-output", Severity::Warning,
                       "a top-level flake output that no Nix command or convention knows"},
    DiagnosticCodeInfo{"flake-unknown-system", Severity::Warning,
                       "a system name that no Nix platform has (x86_64-linux, aarch64-darwin, …)"},
    DiagnosticCodeInfo{"flake-unused-input", Severity::Hint,
                       "an input that the outputs function never uses"},
    DiagnosticCodeInfo{"invalid-utf8", Severity::Warning, "the file is not valid UTF-8"},
    DiagnosticCodeInfo{"meta-unknown-attribute", Severity::Hint,
                       "an attribute of meta that nixpkgs does not know"},
    DiagnosticCodeInfo{"nul-byte", Severity::Warning, "Nix ignores everything after a NUL byte"},
    DiagnosticCodeInfo{"option-read-only", Severity::Error,
                       "a definition of an option declared readOnly, which NixOS rejects"},
    DiagnosticCodeInfo{"option-removed", Severity::Error,
                       "a definition of an option removed with mkRemovedOptionModule"},
    DiagnosticCodeInfo{"option-renamed", Severity::Warning,
                       "a definition of an option renamed with mkRenamedOptionModule; use the new name"},
    DiagnosticCodeInfo{"option-type-mismatch", Severity::Error,
                       "a literal value that the option's type does not accept"},
    DiagnosticCodeInfo{"option-unknown", Severity::Warning,
                       "a definition of an option that no module of the workspace declares"},
    DiagnosticCodeInfo{"syntax-error", Severity::Error, "the text is not valid Nix syntax"},
    DiagnosticCodeInfo{"systemd-hardening", Severity::Hint,
                       "a systemd service without basic sandboxing (NoNewPrivileges, ProtectSystem, ProtectHome, PrivateTmp) running as root"},
    DiagnosticCodeInfo{"undefined-variable", Severity::Error,
                       "a name with no binding in scope and no enclosing `with`"},
    DiagnosticCodeInfo{"unknown-builtin", Severity::Warning,
                       "`builtins.x` where Nix has no builtin x"},
    DiagnosticCodeInfo{"unused-binding", Severity::Warning,
                       "a let binding or function argument that is never used"},
    DiagnosticCodeInfo{"unused-rec", Severity::Warning,
                       "`rec` where no attribute refers to another"},
    DiagnosticCodeInfo{"unused-with", Severity::Warning,
                       "`with` whose attributes no name in its body can come from"},
};

}  // namespace

std::span<const DiagnosticCodeInfo> diagnosticCodes() { return kCodes; }

const DiagnosticCodeInfo* findDiagnosticCode(std::string_view code) {
  const auto it = std::lower_bound(kCodes.begin(), kCodes.end(), code,
                                   [](const DiagnosticCodeInfo& i, std::string_view c) { return i.code < c; });
  return it != kCodes.end() && it->code == code ? &*it : nullptr;
}

}  // namespace fw
