#pragma once
// Runs a helper program (an external formatter) in a child process: the
// input on its standard input, its standard output and error captured,
// stopped (its whole process group) when it outlives the time limit. Never
// runs anything in the server's address space.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace fw::server {

struct ProcessResult {
  bool started = false;
  bool timedOut = false;
  int exitCode = -1;  // when it exited
  int signal = 0;     // when a signal ended it
  std::string out;
  std::string err;
  std::string spawnError;  // why it could not start
};

// Output beyond maxOutput bytes (per stream) is dropped and the process
// stopped.
[[nodiscard]] ProcessResult runProcess(const std::vector<std::string>& argv, std::string_view input,
                                       std::chrono::milliseconds timeout,
                                       std::size_t maxOutput = std::size_t{256} << 20);

// Stops (SIGKILL to the process group) every child runProcess is running
// now, and makes later runProcess calls fail without starting anything.
// For the server's exit: their runProcess calls then return at once.
void stopAllProcesses();

// Descendants of the children that left their process group (`setsid`)
// escape the group kill; this process is their child subreaper, so they
// come back to it when their parent dies. runProcess stops them when a
// child ends and no other runs; this stops all that are left, for the
// server's exit (after the threads waiting for children have returned).
void stopOrphanedDescendants();

// Formats `text` with an external command (e.g. {"nixfmt"}); on failure
// returns false and a message a user can act on.
struct ExternalFormat {
  bool ok = false;
  std::string text;
  std::string error;
};
[[nodiscard]] ExternalFormat runExternalFormatter(const std::vector<std::string>& command,
                                                  std::string_view text,
                                                  std::chrono::milliseconds timeout);

}  // namespace fw::server
