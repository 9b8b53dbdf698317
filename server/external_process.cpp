#include "server/external_process.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

extern char** environ;

namespace fw::server {

namespace {

struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// The process groups of the children running now, so that the server can
// stop them when it exits (a detached thread's child would otherwise run
// on, orphaned, until its own time limit). Invariant: a child is started
// and registered under `mutex`, and after stopAllProcesses() none is
// started.
struct Running {
  std::mutex mutex;
  std::set<pid_t> groups;
  bool stopping = false;
};

Running& running() {
  static Running* r = new Running;  // never destroyed: detached threads may use it during exit
  return *r;
}

// The processes whose parent is this process and that are not in its
// process group (from /proc): what runProcess started (each in a group of
// its own) and what came back from it. A child some library forks (a
// sanitizer's symbolizer) stays in the server's group and is left alone.
std::vector<pid_t> ownChildren() {
  std::vector<pid_t> out;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr) return out;
  const pid_t self = ::getpid();
  const pid_t ownGroup = ::getpgrp();
  while (const dirent* e = ::readdir(dir)) {
    pid_t pid = 0;
    const char* name = e->d_name;
    const char* end = name + std::strlen(name);
    if (auto [p, ec] = std::from_chars(name, end, pid); ec != std::errc() || p != end) continue;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    char buf[512];
    const ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0) continue;
    buf[n] = '\0';
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and
    // parentheses.
    const char* close = std::strrchr(buf, ')');
    if (close == nullptr || close + 4 >= buf + n) continue;
    const char* at = close + 4;
    pid_t ppid = 0;
    pid_t pgrp = 0;
    const auto r1 = std::from_chars(at, buf + n, ppid);
    if (r1.ec != std::errc() || r1.ptr >= buf + n) continue;
    if (std::from_chars(r1.ptr + 1, buf + n, pgrp).ec != std::errc()) continue;
    if (ppid == self && pgrp != ownGroup) out.push_back(pid);
  }
  ::closedir(dir);
  return out;
}

// Stops and reaps this process's children that runProcess is not waiting
// for: descendants of its children that left their process group
// (`setsid`), handed to this process (a child subreaper) when their parent
// died. With `onlyIfIdle`, only while no child of runProcess runs: an
// orphan cannot be told apart from a running helper's own (its parent may
// have died mid-work). Returns how many it stopped.
std::size_t stopOrphans(bool onlyIfIdle) {
  std::lock_guard lock(running().mutex);
  if (onlyIfIdle && !running().groups.empty()) return 0;
  std::size_t n = 0;
  for (const pid_t p : ownChildren()) {
    // Its own waiter reaps a direct child; the pid of a child not yet
    // reaped cannot be reused, so this kills only what it means to.
    if (running().groups.contains(p)) continue;
    ::kill(p, SIGKILL);
    ::waitpid(p, nullptr, 0);
    ++n;
  }
  return n;
}

// Orphans are handed over when their parent dies, and their own children
// when they do: sweeps until one finds none and the process group `group`
// (0: none) is gone, for at most `within`.
void stopOrphansUntilNone(pid_t group, bool onlyIfIdle, std::chrono::milliseconds within) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  for (;;) {
    const std::size_t stopped = stopOrphans(onlyIfIdle);
    const bool groupGone = group == 0 || ::kill(-group, 0) != 0;
    if ((stopped == 0 && groupGone) || std::chrono::steady_clock::now() >= deadline) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

// Whether `pid` (a child) has exited, without reaping it: its pid stays
// taken, so that its process group id is not reused meanwhile.
bool hasExited(pid_t pid) {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

bool makePipe(Fd& r, Fd& w) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) return false;
  r.fd = p[0];
  w.fd = p[1];
  return true;
}

}  // namespace

ProcessResult runProcess(const std::vector<std::string>& argv, std::string_view input,
                         std::chrono::milliseconds timeout, std::size_t maxOutput) {
  ProcessResult res;
  if (argv.empty()) {
    res.spawnError = "no command given";
    return res;
  }
  Fd inR, inW, outR, outW, errR, errW;
  if (!makePipe(inR, inW) || !makePipe(outR, outW) || !makePipe(errR, errW)) {
    res.spawnError = std::string("cannot create pipes: ") + std::strerror(errno);
    return res;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, inR.fd, 0);
  posix_spawn_file_actions_adddup2(&fa, outW.fd, 1);
  posix_spawn_file_actions_adddup2(&fa, errW.fd, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so that a timeout stops its children too; and
  // the default SIGPIPE and SIGXFSZ actions, which the server ignores.
  sigset_t def;
  sigemptyset(&def);
  sigaddset(&def, SIGPIPE);
  sigaddset(&def, SIGXFSZ);
  posix_spawnattr_setsigdefault(&attr, &def);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // Descendants that leave the child's process group come back to this
  // process when their parent dies, to be stopped (stopOrphans).
  static std::once_flag subreaper;
  std::call_once(subreaper, [] { ::prctl(PR_SET_CHILD_SUBREAPER, 1); });
  pid_t pid = -1;
  int rc = ECANCELED;
  {
    std::lock_guard lock(running().mutex);
    if (!running().stopping) {
      rc = ::posix_spawnp(&pid, args[0], &fa, &attr, args.data(), environ);
      if (rc == 0) running().groups.insert(pid);
    }
  }
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    res.spawnError = rc == ECANCELED ? "the server is exiting" : std::strerror(rc);
    return res;
  }
  res.started = true;
  inR.reset();
  outW.reset();
  errW.reset();
  for (Fd* f : {&inW, &outR, &errR}) ::fcntl(f->fd, F_SETFL, ::fcntl(f->fd, F_GETFL) | O_NONBLOCK);

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t written = 0;
  if (input.empty()) inW.reset();
  std::array<char, 65536> buf{};
  bool tooMuch = false;
  // Readable when the child exits (Linux 5.3; else it is asked every
  // 100 ms). Its output is read until it closes, or for 100 ms after the
  // child exited: a descendant that left its group may hold the pipes
  // open for as long as it runs.
  Fd exitFd;
  exitFd.fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  bool exited = false;
  std::optional<std::chrono::steady_clock::time_point> drainUntil;
  while (outR.fd >= 0 || errR.fd >= 0) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      res.timedOut = true;
      break;
    }
    if (!exited && exitFd.fd < 0) exited = hasExited(pid);
    if (exited && !drainUntil) drainUntil = now + std::chrono::milliseconds(100);
    if (drainUntil && now >= *drainUntil) break;
    std::vector<pollfd> fds;
    if (inW.fd >= 0) fds.push_back({inW.fd, POLLOUT, 0});
    if (outR.fd >= 0) fds.push_back({outR.fd, POLLIN, 0});
    if (errR.fd >= 0) fds.push_back({errR.fd, POLLIN, 0});
    if (exitFd.fd >= 0 && !exited) fds.push_back({exitFd.fd, POLLIN, 0});
    const auto until = drainUntil ? std::min(*drainUntil, deadline) : deadline;
    const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count() + 1;
    const int n = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(ms, exitFd.fd >= 0 ? 1000 : 100)));
    if (n < 0 && errno != EINTR) break;
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == exitFd.fd) {
        exited = true;
      } else if (p.fd == inW.fd) {
        const ssize_t w = ::write(inW.fd, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) inW.reset();
      } else {
        Fd& src = p.fd == outR.fd ? outR : errR;
        std::string& dst = p.fd == outR.fd ? res.out : res.err;
        const ssize_t r = ::read(src.fd, buf.data(), buf.size());
        if (r > 0) {
          dst.append(buf.data(), static_cast<std::size_t>(r));
          if (dst.size() > maxOutput) tooMuch = true;
        } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
          src.reset();
        }
      }
    }
    if (tooMuch) break;
  }
  inW.reset();
  int status = 0;
  bool killed = false;
  if (res.timedOut || tooMuch) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    killed = true;
  } else {
    // Output closed; wait for the exit within what is left of the limit.
    for (;;) {
      const pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) break;
      if (w < 0 && errno != EINTR) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        res.timedOut = true;
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        killed = true;
        break;
      }
      ::usleep(2000);
    }
  }
  {
    // Reaped: the group id may be reused from now on.
    std::lock_guard lock(running().mutex);
    running().groups.erase(pid);
  }
  // After a kill the rest of its group dies asynchronously, and their
  // orphans follow; after a normal exit, what it left running is stopped.
  if (killed) stopOrphansUntilNone(pid, true, std::chrono::milliseconds(200));
  else stopOrphansUntilNone(0, true, std::chrono::milliseconds(20));
  if (WIFEXITED(status)) res.exitCode = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) res.signal = WTERMSIG(status);
  if (tooMuch) res.spawnError = "it printed more than " + std::to_string(maxOutput >> 20) + " MiB";
  return res;
}

void stopAllProcesses() {
  std::lock_guard lock(running().mutex);
  running().stopping = true;
  for (const pid_t g : running().groups) ::kill(-g, SIGKILL);
}

void stopOrphanedDescendants() { stopOrphansUntilNone(0, false, std::chrono::milliseconds(500)); }

ExternalFormat runExternalFormatter(const std::vector<std::string>& command, std::string_view text,
                                    std::chrono::milliseconds timeout) {
  ExternalFormat f;
  std::string name;
  for (const std::string& a : command) name += (name.empty() ? "" : " ") + a;
  const std::string who = "the formatter command '" + name + "'";
  const ProcessResult r = runProcess(command, text, timeout);
  auto firstLine = [](const std::string& s) {
    std::string l = s.substr(0, s.find('\n'));
    if (l.size() > 300) l = l.substr(0, 300) + "...";
    return l;
  };
  if (!r.started) {
    f.error = who + " could not be started: " + r.spawnError;
  } else if (r.timedOut) {
    f.error = who + " did not finish within " + std::to_string(timeout.count()) +
              " ms and was stopped (raise formatter.timeoutMs if it needs longer)";
  } else if (!r.spawnError.empty()) {
    f.error = who + " failed: " + r.spawnError;
  } else if (r.signal != 0) {
    f.error = who + " was killed by signal " + std::to_string(r.signal);
  } else if (r.exitCode != 0) {
    f.error = who + " failed (exit code " + std::to_string(r.exitCode) + ")" +
              (r.err.empty() ? std::string() : ": " + firstLine(r.err));
  } else if (r.out.empty() && !text.empty()) {
    f.error = who + " printed nothing (it should print the formatted file on standard output)";
  } else {
    f.ok = true;
    f.text = r.out;
  }
  return f;
}

}  // namespace fw::server
