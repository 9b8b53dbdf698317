// runProcess (server/external_process.h): helpers' descendants that leave
// their process group are stopped; the caller's own children are not.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "server/external_process.h"

using namespace std::chrono_literals;
using fw::server::ProcessResult;
using fw::server::runProcess;

namespace {

// Running, or a zombie not yet reaped.
bool exists(pid_t pid) { return ::kill(pid, 0) == 0; }

// A child of this process in its own process group's company (what a
// library's fork looks like): it sleeps until killed.
pid_t forkSleeper() {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sleep", "sleep", "30", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

pid_t firstPid(const ProcessResult& r) { return static_cast<pid_t>(std::stol("0" + r.out.substr(0, r.out.find('\n')))); }

}  // namespace

TEST_CASE("runProcess stops what a helper left running in a session of its own, not the caller's children") {
  const pid_t mine = forkSleeper();
  REQUIRE(mine > 0);
  // The helper exits at once; its setsid child holds the output pipe open.
  const auto started = std::chrono::steady_clock::now();
  const ProcessResult r = runProcess({"/bin/sh", "-c", "setsid sleep 1000 & echo $!"}, "", 10s);
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK(r.started);
  CHECK_FALSE(r.timedOut);
  CHECK(r.exitCode == 0);
  const pid_t left = firstPid(r);
  REQUIRE(left > 0);
  CHECK(took < 2s);  // not until the sleeper closes the pipe
  CHECK_FALSE(exists(left));  // stopped and reaped
  CHECK(exists(mine));        // in this process's group: not runProcess's
  ::kill(mine, SIGKILL);
  ::waitpid(mine, nullptr, 0);
}

TEST_CASE("runProcess at the time limit stops the helper's group and what left it") {
  const ProcessResult r =
      runProcess({"/bin/sh", "-c", "setsid sh -c 'sleep 1000 & echo $!; wait' & sleep 1000"}, "", 500ms);
  CHECK(r.timedOut);
  const pid_t grandchild = firstPid(r);
  REQUIRE(grandchild > 0);
  CHECK_FALSE(exists(grandchild));
}
