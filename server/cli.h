#pragma once
// Command line of the `flakewise` binary.

namespace fw::server {

[[nodiscard]] int runMain(int argc, char** argv);

}  // namespace fw::server
