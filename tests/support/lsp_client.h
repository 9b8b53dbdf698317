#pragma once
// A small LSP client for tests and benchmarks: runs the real flakewise
// binary as a child process over pipes (or connects over TCP) and speaks
// framed JSON-RPC to it.

#include <nlohmann/json.hpp>
#include <sys/types.h>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fw::test {

using json = nlohmann::json;
using namespace std::chrono_literals;

// Path of the flakewise binary under test (FLAKEWISE_BIN, set by CMake).
[[nodiscard]] std::string flakewiseBinary();

class LspClient {
 public:
  // Spawns `flakewise <args...>` with stdin/stdout as pipes. stderr goes to
  // a log file in the test's temporary directory (or is inherited).
  explicit LspClient(std::vector<std::string> args = {}, std::string stderrPath = "");
  // Connects to a TCP server instead.
  static LspClient connectTcp(const std::string& host, int port);
  ~LspClient();
  LspClient(LspClient&&) noexcept;
  LspClient& operator=(LspClient&&) = delete;

  // Raw bytes, for malformed-input tests.
  void sendRaw(const std::string& bytes);
  void send(const json& message);
  // Sends a request and returns its id.
  int sendRequest(const std::string& method, const json& params);
  void notify(const std::string& method, const json& params);

  // Waits for the response to `id`; other messages are queued. Throws on
  // timeout.
  json waitResponse(int id, std::chrono::milliseconds timeout = 10s);
  json request(const std::string& method, const json& params,
               std::chrono::milliseconds timeout = 10s) {
    return waitResponse(sendRequest(method, params), timeout);
  }
  // Waits for a message matching `pred` (looking at queued ones first).
  json waitFor(const std::function<bool(const json&)>& pred,
               std::chrono::milliseconds timeout = 10s);
  json waitNotification(const std::string& method, std::chrono::milliseconds timeout = 10s) {
    return waitFor([&](const json& m) { return m.value("method", "") == method; }, timeout);
  }
  // Next diagnostics published for `uri` (optionally at a given version).
  json waitDiagnostics(const std::string& uri, std::optional<int> version = std::nullopt,
                       std::chrono::milliseconds timeout = 10s);

  // initialize + initialized with the given capabilities/options.
  json initialize(const json& capabilities = json::object(),
                  const json& initializationOptions = json::object());
  void open(const std::string& uri, const std::string& text, int version = 1);
  void change(const std::string& uri, int version, const json& contentChanges);

  // Closes our end of stdin and waits for the process to exit; returns its
  // exit code (or -signal). Throws on timeout after killing it.
  int closeAndWait(std::chrono::milliseconds timeout = 10s);
  // The client disappears: both pipes closed at once (the server sees EOF
  // and its writes fail). Returns the exit code like closeAndWait.
  int disconnectAndWait(std::chrono::milliseconds timeout = 10s);
  int waitExit(std::chrono::milliseconds timeout = 10s);
  [[nodiscard]] pid_t pid() const { return pid_; }
  // Every message received so far, in order.
  [[nodiscard]] const std::vector<json>& received() const { return log_; }

  // Reads one message if any arrives within timeout.
  std::optional<json> readMessage(std::chrono::milliseconds timeout);

 private:
  struct NoSpawn {};
  explicit LspClient(NoSpawn) {}
  // 1: read some bytes, 0: timeout, -1: end of stream.
  int fill(std::chrono::steady_clock::time_point deadline);

  pid_t pid_ = -1;
  int in_ = -1;   // we write
  int out_ = -1;  // we read
  int nextId_ = 1;
  std::string buf_;
  std::deque<json> queue_;
  std::vector<json> log_;
};

// Makes a fresh temporary directory; removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  [[nodiscard]] const std::string& path() const { return path_; }
  std::string write(const std::string& relative, const std::string& content) const;

 private:
  std::string path_;
};

// Runs a command, returns exit code and captures stdout/stderr.
struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};
[[nodiscard]] RunResult run(const std::vector<std::string>& argv, const std::string& input = "",
                            std::chrono::milliseconds timeout = 60s);

}  // namespace fw::test
