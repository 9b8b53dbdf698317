#pragma once
#include <string>
#include <vector>

namespace fw::server {
// `flakewise options ARGS...`; returns the exit code.
int runOptions(const std::vector<std::string>& args);
}  // namespace fw::server
