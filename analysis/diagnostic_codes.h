#pragma once
// Every diagnostic code flakewise reports, with its default severity and a
// line of help. One table: lints use the severities, `check --format sarif`
// the help texts, the README lists them.

#include <span>
#include <string_view>

#include "parser/types.h"

namespace fw {

struct DiagnosticCodeInfo {
  std::string_view code;
  Severity severity;
  std::string_view summary;  // what it means, one line
};

[[nodiscard]] std::span<const DiagnosticCodeInfo> diagnosticCodes();
[[nodiscard]] const DiagnosticCodeInfo* findDiagnosticCode(std::string_view code);

namespace code {
inline constexpr std::string_view UndefinedVariable = "undefined-variable";
inline constexpr std::string_view DuplicateAttribute = "duplicate-attribute";
inline constexpr std::string_view DuplicateFormal = "duplicate-formal";
inline constexpr std::string_view DynamicLetAttribute = "dynamic-let-attribute";
inline constexpr std::string_view UnusedBinding = "unused-binding";
inline constexpr std::string_view UnusedWith = "unused-with";
inline constexpr std::string_view UnusedRec = "unused-rec";
inline constexpr std::string_view UnknownBuiltin = "unknown-builtin";
inline constexpr std::string_view DeprecatedLet = "deprecated-let";
inline constexpr std::string_view DeprecatedUrlLiteral = "deprecated-url-literal";
inline constexpr std::string_view EmptyInherit = "empty-inherit";
inline constexpr std::string_view EmptyLet = "empty-let";
}  // namespace code

}  // namespace fw
