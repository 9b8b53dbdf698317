#pragma once
// `flakewise check`: diagnostics for files and directories, for people and
// CI. Exit codes: 0 no errors, 1 errors found, 2 bad usage or unreadable
// input.

#include <string>
#include <vector>

namespace fw::server {

[[nodiscard]] int runCheck(const std::vector<std::string>& args);

// `flakewise fmt`: formats files in place, or with --check / --diff tells
// what would change. Exit codes: 0 done, 1 files would change (--check) or
// could not be formatted, 2 bad usage or unreadable input.
[[nodiscard]] int runFmt(const std::vector<std::string>& args);

}  // namespace fw::server
