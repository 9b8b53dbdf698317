#pragma once

#include <string>
#include <vector>

namespace fw::server {

// `flakewise eval ...` (arguments after "eval"); returns the exit code.
int runEval(const std::vector<std::string>& args);

}  // namespace fw::server
