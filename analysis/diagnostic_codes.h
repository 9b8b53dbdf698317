#pragma once
// The one table of diagnostic codes: every code flakewise reports, with a
// title and the help text shown to users (SARIF rules, documentation).
// Add a row here with every new code; tests check that each code a check
// produces is in the table.

#include <span>
#include <string_view>

#include "parser/types.h"

namespace fw {

struct DiagnosticCodeInfo {
  std::string_view code;   // stable, kebab-case, e.g. "syntax-error"
  std::string_view title;  // a short sentence without a period
  std::string_view help;   // what it means and what to do about it
  Severity defaultSeverity;
};

[[nodiscard]] std::span<const DiagnosticCodeInfo> diagnosticCodes();
// nullptr for a code not in the table.
[[nodiscard]] const DiagnosticCodeInfo* findDiagnosticCode(std::string_view code);

}  // namespace fw
