#include "analysis/diagnostic_codes.h"

#include <algorithm>
#include <array>

namespace fw {

namespace {

// Sorted by code.
constexpr std::array kCodes = {
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
    DiagnosticCodeInfo{"file-too-large", Severity::Information,
                       "the file is over the size limit and was not analysed"},
    DiagnosticCodeInfo{"invalid-utf8", Severity::Warning, "the file is not valid UTF-8"},
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
