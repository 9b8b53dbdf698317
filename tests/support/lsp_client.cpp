#include "tests/support/lsp_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fw::test {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

void writeAll(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(std::string("write to server failed: ") + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
}

int remainingMs(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

}  // namespace

std::string flakewiseBinary() {
  if (const char* b = std::getenv("FLAKEWISE_BIN")) return b;
#ifdef FLAKEWISE_BIN_DEFAULT
  return FLAKEWISE_BIN_DEFAULT;
#else
  return "flakewise";
#endif
}

LspClient::LspClient(std::vector<std::string> args, std::string stderrPath) {
  int toChild[2], fromChild[2];
  if (::pipe2(toChild, O_CLOEXEC) != 0 || ::pipe2(fromChild, O_CLOEXEC) != 0) fail("pipe failed");
  const std::string bin = flakewiseBinary();
  pid_ = ::fork();
  if (pid_ < 0) fail("fork failed");
  if (pid_ == 0) {
    ::dup2(toChild[0], 0);
    ::dup2(fromChild[1], 1);
    if (!stderrPath.empty()) {
      const int fd = ::open(stderrPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) ::dup2(fd, 2);
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(bin.c_str()));
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    std::_Exit(127);
  }
  ::close(toChild[0]);
  ::close(fromChild[1]);
  in_ = toChild[1];
  out_ = fromChild[0];
}

LspClient LspClient::connectTcp(const std::string& host, int port) {
  LspClient c{NoSpawn{}};
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    fail("connect failed: " + std::string(std::strerror(errno)));
  }
  c.in_ = fd;
  c.out_ = ::dup(fd);
  return c;
}

LspClient::LspClient(LspClient&& o) noexcept
    : pid_(o.pid_), in_(o.in_), out_(o.out_), nextId_(o.nextId_), buf_(std::move(o.buf_)),
      queue_(std::move(o.queue_)), log_(std::move(o.log_)) {
  o.pid_ = -1;
  o.in_ = o.out_ = -1;
}

LspClient::~LspClient() {
  if (in_ >= 0) ::close(in_);
  if (out_ >= 0) ::close(out_);
  if (pid_ > 0) {
    // Give it a moment to exit on EOF, then make sure.
    for (int i = 0; i < 100; ++i) {
      int st = 0;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) return;
      ::usleep(10000);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void LspClient::sendRaw(const std::string& bytes) { writeAll(in_, bytes); }

void LspClient::send(const json& message) {
  const std::string body = message.dump();
  sendRaw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

int LspClient::sendRequest(const std::string& method, const json& params) {
  const int id = nextId_++;
  send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  return id;
}

void LspClient::notify(const std::string& method, const json& params) {
  send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

int LspClient::fill(std::chrono::steady_clock::time_point deadline) {
  pollfd p{out_, POLLIN, 0};
  const int r = ::poll(&p, 1, remainingMs(deadline));
  if (r <= 0) return 0;
  char tmp[65536];
  const ssize_t n = ::read(out_, tmp, sizeof tmp);
  if (n < 0 && errno == EINTR) return 1;
  if (n <= 0) return -1;
  buf_.append(tmp, static_cast<std::size_t>(n));
  return 1;
}

std::optional<json> LspClient::readMessage(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const std::size_t hdrEnd = buf_.find("\r\n\r\n");
    if (hdrEnd != std::string::npos) {
      const std::size_t cl = buf_.find("Content-Length:");
      if (cl == std::string::npos || cl > hdrEnd) fail("server sent a header without Content-Length");
      const std::size_t len = std::stoul(buf_.substr(cl + 15, hdrEnd - cl - 15));
      if (buf_.size() >= hdrEnd + 4 + len) {
        json m = json::parse(buf_.substr(hdrEnd + 4, len));
        buf_.erase(0, hdrEnd + 4 + len);
        log_.push_back(m);
        return m;
      }
    }
    if (fill(deadline) <= 0) return std::nullopt;  // timeout or EOF
  }
}

json LspClient::waitFor(const std::function<bool(const json&)>& pred,
                        std::chrono::milliseconds timeout) {
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (pred(*it)) {
      json m = std::move(*it);
      queue_.erase(it);
      return m;
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    std::optional<json> m = readMessage(left);
    if (!m) break;
    if (pred(*m)) return *m;
    queue_.push_back(std::move(*m));
  }
  fail("timed out waiting for a message from the server");
}

json LspClient::waitResponse(int id, std::chrono::milliseconds timeout) {
  return waitFor(
      [id](const json& m) {
        return m.contains("id") && m["id"] == id && !m.contains("method");
      },
      timeout);
}

json LspClient::waitDiagnostics(const std::string& uri, std::optional<int> version,
                                std::chrono::milliseconds timeout) {
  return waitFor(
      [&](const json& m) {
        if (m.value("method", "") != "textDocument/publishDiagnostics") return false;
        const json& p = m["params"];
        if (p.value("uri", "") != uri) return false;
        return !version || (p.contains("version") && p["version"] == *version);
      },
      timeout);
}

json LspClient::initialize(const json& capabilities, const json& initializationOptions) {
  json r = request("initialize", {{"processId", ::getpid()},
                                  {"rootUri", nullptr},
                                  {"capabilities", capabilities},
                                  {"initializationOptions", initializationOptions}});
  notify("initialized", json::object());
  return r;
}

void LspClient::open(const std::string& uri, const std::string& text, int version) {
  notify("textDocument/didOpen",
         {{"textDocument", {{"uri", uri}, {"languageId", "nix"}, {"version", version}, {"text", text}}}});
}

void LspClient::change(const std::string& uri, int version, const json& contentChanges) {
  notify("textDocument/didChange",
         {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", contentChanges}});
}

int LspClient::waitExit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int st = 0;
    const pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      if (WIFEXITED(st)) return WEXITSTATUS(st);
      return -WTERMSIG(st);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
      fail("server did not exit in time");
    }
    ::usleep(2000);
  }
}

int LspClient::closeAndWait(std::chrono::milliseconds timeout) {
  if (in_ >= 0) {
    ::close(in_);
    in_ = -1;
  }
  return waitExit(timeout);
}

int LspClient::disconnectAndWait(std::chrono::milliseconds timeout) {
  if (out_ >= 0) {
    ::close(out_);
    out_ = -1;
  }
  return closeAndWait(timeout);
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "flakewise-test-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) fail("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& relative, const std::string& content) const {
  const std::filesystem::path p = std::filesystem::path(path_) / relative;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

RunResult run(const std::vector<std::string>& argv, const std::string& input,
              std::chrono::milliseconds timeout) {
  int inP[2], outP[2], errP[2];
  if (::pipe2(inP, O_CLOEXEC) || ::pipe2(outP, O_CLOEXEC) || ::pipe2(errP, O_CLOEXEC)) fail("pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) fail("fork failed");
  if (pid == 0) {
    ::dup2(inP[0], 0);
    ::dup2(outP[1], 1);
    ::dup2(errP[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    std::_Exit(127);
  }
  ::close(inP[0]);
  ::close(outP[1]);
  ::close(errP[1]);
  RunResult r;
  std::size_t written = 0;
  if (input.empty()) {
    ::close(inP[1]);
    inP[1] = -1;
  } else {
    ::fcntl(inP[1], F_SETFL, O_NONBLOCK);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool outOpen = true, errOpen = true;
  while (outOpen || errOpen) {
    std::vector<pollfd> fds;
    if (outOpen) fds.push_back({outP[0], POLLIN, 0});
    if (errOpen) fds.push_back({errP[0], POLLIN, 0});
    if (inP[1] >= 0) fds.push_back({inP[1], POLLOUT, 0});
    const int n = ::poll(fds.data(), fds.size(), remainingMs(deadline));
    if (n <= 0) {
      ::kill(pid, SIGKILL);
      break;
    }
    for (const pollfd& p : fds) {
      if (!p.revents) continue;
      if (p.fd == inP[1]) {
        const ssize_t w = ::write(inP[1], input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 || written == input.size()) {
          ::close(inP[1]);
          inP[1] = -1;
        }
        continue;
      }
      char buf[65536];
      const ssize_t k = ::read(p.fd, buf, sizeof buf);
      if (k <= 0) {
        (p.fd == outP[0] ? outOpen : errOpen) = false;
      } else {
        (p.fd == outP[0] ? r.out : r.err).append(buf, static_cast<std::size_t>(k));
      }
    }
  }
  if (inP[1] >= 0) ::close(inP[1]);
  ::close(outP[0]);
  ::close(errP[0]);
  int st = 0;
  ::waitpid(pid, &st, 0);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
  return r;
}

}  // namespace fw::test
