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
// Flakes and flake.lock.
inline constexpr std::string_view FlakeAttribute = "flake-attribute";
inline constexpr std::string_view FlakeInputUrl = "flake-input-url";
inline constexpr std::string_view FlakeInputAttribute = "flake-input-attribute";
inline constexpr std::string_view FlakeFollows = "flake-follows";
inline constexpr std::string_view FlakeOutputArgument = "flake-output-argument";
inline constexpr std::string_view FlakeUnusedInput = "flake-unused-input";
inline constexpr std::string_view FlakeLockMissing = "flake-lock-missing";
inline constexpr std::string_view FlakeLockOutdated = "flake-lock-outdated";
inline constexpr std::string_view FlakeLockStale = "flake-lock-stale";
inline constexpr std::string_view FlakeLockInvalid = "flake-lock-invalid";
inline constexpr std::string_view FlakeUnknownOutput = "flake-unknown-output";
inline constexpr std::string_view FlakeDeprecatedOutput = "flake-deprecated-output";
inline constexpr std::string_view FlakeOutputType = "flake-output-type";
inline constexpr std::string_view FlakeUnknownSystem = "flake-unknown-system";
// Package files.
inline constexpr std::string_view BuilderUnknownArgument = "builder-unknown-argument";
inline constexpr std::string_view BuilderMissingArgument = "builder-missing-argument";
inline constexpr std::string_view MetaUnknownAttribute = "meta-unknown-attribute";
inline constexpr std::string_view BuildToolInBuildInputs = "build-tool-in-build-inputs";
inline constexpr std::string_view FetcherBranchRev = "fetcher-branch-rev";
inline constexpr std::string_view FetcherMissingHash = "fetcher-missing-hash";
inline constexpr std::string_view FetcherInvalidHash = "fetcher-invalid-hash";
inline constexpr std::string_view FetcherFakeHash = "fetcher-fake-hash";
inline constexpr std::string_view FetcherLegacyHash = "fetcher-legacy-hash";
// NixOS modules.
inline constexpr std::string_view SystemdHardening = "systemd-hardening";
}  // namespace code

}  // namespace fw
