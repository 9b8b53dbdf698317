#include "analysis/diagnostic_codes.h"

#include <array>

namespace fw {

namespace {

constexpr std::array kCodes = {
    DiagnosticCodeInfo{
        "syntax-error", "Nix syntax error",
        "The file does not parse as Nix: Nix itself would reject it with a syntax error before "
        "evaluating anything. The message names what was expected or what is unexpected, e.g. a "
        "missing ';' after a binding or an unclosed bracket; fix the code at the reported position.",
        Severity::Error},
    DiagnosticCodeInfo{
        "invalid-utf8", "Text that is not valid UTF-8",
        "The file contains bytes that are not valid UTF-8. Nix reads them as they are, but editors "
        "and tools may show or change them; re-save the file as UTF-8.",
        Severity::Warning},
    DiagnosticCodeInfo{
        "nul-byte", "NUL byte in the file",
        "The file contains a NUL byte. Nix stops reading at it, so everything after it is ignored; "
        "remove it.",
        Severity::Warning},
    DiagnosticCodeInfo{
        "file-too-large", "File not analysed: too large",
        "The file is larger than the configured limit (--max-file-size, 16 MiB by default) and was "
        "not analysed. Raise the limit to check it.",
        Severity::Warning},
};

}  // namespace

std::span<const DiagnosticCodeInfo> diagnosticCodes() { return kCodes; }

const DiagnosticCodeInfo* findDiagnosticCode(std::string_view code) {
  for (const DiagnosticCodeInfo& c : kCodes)
    if (c.code == code) return &c;
  return nullptr;
}

}  // namespace fw
