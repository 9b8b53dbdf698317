#include "server/external_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>

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
  while (outR.fd >= 0 || errR.fd >= 0) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      res.timedOut = true;
      break;
    }
    std::vector<pollfd> fds;
    if (inW.fd >= 0) fds.push_back({inW.fd, POLLOUT, 0});
    if (outR.fd >= 0) fds.push_back({outR.fd, POLLIN, 0});
    if (errR.fd >= 0) fds.push_back({errR.fd, POLLIN, 0});
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    const int n = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(ms + 1, 1000)));
    if (n < 0 && errno != EINTR) break;
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == inW.fd) {
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
  if (res.timedOut || tooMuch) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, &status, 0);
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
