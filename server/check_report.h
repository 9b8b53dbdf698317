#pragma once
// Machine-readable reports of `flakewise check` for CI: SARIF 2.1.0 (code
// scanning dashboards) and GitHub Actions workflow commands (annotations).

#include <string>
#include <vector>

#include "parser/syntax_tree.h"
#include "server/protocol.h"

namespace fw::server {

struct CheckedFile {
  std::string path;
  SyntaxTreePtr tree;
  std::vector<Diagnostic> diagnostics;
};

// A SARIF 2.1.0 log with one run: the tool with a rule for every code of
// analysis/diagnostic_codes.h, and a result per diagnostic. Columns are
// UTF-16 code units, 1-based, as GitHub code scanning reads them.
[[nodiscard]] json sarifLog(const std::vector<CheckedFile>& files, bool executionSuccessful);

// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
// lines (notices for information and hints). Columns count characters,
// 1-based; endColumn is given only for single-line ranges, as GitHub asks.
[[nodiscard]] std::string githubAnnotations(const std::vector<CheckedFile>& files);

// A file path as a URI reference (relative paths stay relative).
[[nodiscard]] std::string pathToUri(const std::string& path);

}  // namespace fw::server
