// Keystroke latency: how long after an edit the editor gets its answer.
//
// For each file given as LABEL=PATH, a seeded "typist" makes a script of
// incremental edits shaped like real typing (characters typed one per
// change, backspaces, auto-indented newlines, pasted blocks, deleted lines,
// replaced words). Then:
//
//  1. Through the real server over pipes: open the file, and for each edit
//     write a textDocument/didChange immediately followed by a request
//     (textDocument/selectionRange at the cursor, and in a second run
//     textDocument/documentSymbol). The latency is the time from writing the
//     didChange to having read the last byte of the answer. Answers are
//     parsed as JSON only after the clock stops, so a big answer costs its
//     transfer but not the benchmark's own parsing. Edits are sent back to
//     back (no think time), so debounced diagnostics rarely run in between.
//  2. In process, on the same edit script: fw::SyntaxTree::edit alone, and
//     its parts (tree-sitter's incremental parse, the LineIndex rebuild, the
//     trailing-comma scan, the text copy), the work of each request
//     (compute and JSON), and a full SyntaxTree::parse as the baseline.
//
// Results are printed as markdown tables on stdout; progress goes to stderr.
//
// usage: bench_keystroke [--server BIN] [--edits N] [--seed S]
//                        [--symbols-every K] [--symbol-edits N] [--no-server]
//                        [--no-inproc] [--dump-edits] LABEL=FILE...

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/features.h"
#include "parser/node.h"
#include "parser/nesting.h"
#include "parser/normalize.h"
#include "parser/syntax_tree.h"
#include "server/protocol.h"

namespace {

using Clock = std::chrono::steady_clock;
using json = nlohmann::json;

double msSince(Clock::time_point t0, Clock::time_point t1) {
  return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

[[noreturn]] void die(const std::string& what) {
  std::cerr << "bench_keystroke: " << what << '\n';
  std::exit(1);
}

// ---------------------------------------------------------------- statistics

struct Stats {
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
  std::size_t n = 0;
};

// Nearest-rank percentiles.
Stats stats(std::vector<double> v) {
  Stats s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto rank = [&](double q) {
    const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, k == 0 ? 0 : k - 1)];
  };
  s.p50 = rank(0.50);
  s.p90 = rank(0.90);
  s.p99 = rank(0.99);
  s.max = v.back();
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}

std::string fmtMs(double ms) {
  char buf[32];
  if (ms < 1) std::snprintf(buf, sizeof buf, "%.3f", ms);
  else if (ms < 100) std::snprintf(buf, sizeof buf, "%.2f", ms);
  else std::snprintf(buf, sizeof buf, "%.0f", ms);
  return buf;
}

std::string fmtBytes(double b) {
  char buf[32];
  if (b >= 1 << 20) std::snprintf(buf, sizeof buf, "%.2f MiB", b / (1 << 20));
  else if (b >= 1 << 10) std::snprintf(buf, sizeof buf, "%.1f KiB", b / (1 << 10));
  else std::snprintf(buf, sizeof buf, "%.0f B", b);
  return buf;
}

// ---------------------------------------------------------------- edit script

// One change as the editor sends it, with everything the measurements need
// precomputed so that nothing but the measured work runs inside the clock.
struct Edit {
  std::uint32_t start = 0, oldEnd = 0;  // bytes, in the text before
  std::string text;
  fw::Position lspStart, lspEnd;        // UTF-16, in the text before
  fw::TsPoint tsStart, tsOldEnd, tsNewEnd;
  std::uint32_t cursor = 0;             // bytes, in the text after
  fw::Position lspCursor;               // UTF-16, in the text after
};

// SplitMix64: a tiny generator whose output is the same everywhere (the
// standard distributions are not specified bit for bit).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

 private:
  std::uint64_t s_;
};

bool isWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '\'';
}

// Simulates an editor session on a copy of the text and records its edits.
class Typist {
 public:
  Typist(std::string text, std::uint64_t seed) : text_(std::move(text)), rng_(seed) {}

  std::vector<Edit> run(std::size_t count) {
    while (edits_.size() < count) {
      const std::size_t r = rng_.below(100);
      if (r < 35) typeBinding();
      else if (r < 60) editValue();
      else if (r < 75) fixTypo();
      else if (r < 83) pasteBlock();
      else if (r < 91) deleteLines();
      else replaceWord();
    }
    // A burst may overshoot; the caller replays the first `count` edits.
    edits_.resize(count);
    return std::move(edits_);
  }

 private:
  struct Line {
    std::uint32_t start, end;  // content, without the '\n'
  };

  Line lineAt(std::uint32_t offset) const {
    std::size_t s = text_.rfind('\n', offset == 0 ? 0 : offset - 1);
    s = (offset == 0 || s == std::string::npos) ? 0 : s + 1;
    std::size_t e = text_.find('\n', offset);
    if (e == std::string::npos) e = text_.size();
    return {static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(e)};
  }
  std::string_view content(Line l) const {
    return std::string_view(text_).substr(l.start, l.end - l.start);
  }
  std::string indentOf(Line l) const {
    std::string_view c = content(l);
    return std::string(c.substr(0, c.find_first_not_of(' ') == std::string_view::npos
                                          ? c.size()
                                          : c.find_first_not_of(' ')));
  }
  // A random line whose content satisfies pred (or any line after tries).
  template <class Pred>
  Line randomLine(Pred pred) {
    Line l{0, 0};
    for (int tries = 0; tries < 200; ++tries) {
      l = lineAt(static_cast<std::uint32_t>(rng_.below(text_.size())));
      if (pred(content(l))) return l;
    }
    return l;
  }

  // Records one change and applies it to our copy of the text.
  void apply(std::uint32_t s, std::uint32_t e, const std::string& ins) {
    Edit ed;
    ed.start = s;
    ed.oldEnd = e;
    ed.text = ins;
    {
      const fw::LineIndex before(text_);
      ed.lspStart = before.position(s, fw::PositionEncoding::Utf16);
      ed.lspEnd = before.position(e, fw::PositionEncoding::Utf16);
      ed.tsStart = before.tsPoint(s);
      ed.tsOldEnd = before.tsPoint(e);
    }
    text_.replace(s, e - s, ins);
    ed.cursor = s + static_cast<std::uint32_t>(ins.size());
    const fw::LineIndex after(text_);
    ed.tsNewEnd = after.tsPoint(ed.cursor);
    ed.lspCursor = after.position(ed.cursor, fw::PositionEncoding::Utf16);
    edits_.push_back(std::move(ed));
  }

  void typeChars(std::uint32_t at, std::string_view chars) {
    for (char c : chars) {
      apply(at, at, std::string(1, c));
      ++at;
    }
  }
  void backspaces(std::uint32_t at, std::size_t n) {
    for (std::size_t k = 0; k < n && at > 0; ++k) {
      std::uint32_t from = at - 1;
      // Never split a UTF-8 character.
      while (from > 0 && (static_cast<unsigned char>(text_[from]) & 0xC0) == 0x80) --from;
      if (text_[from] == '\n') return;
      apply(from, at, "");
      at = from;
    }
  }

  std::string randomName() {
    static const std::vector<std::string> names = {
        "enable", "port", "extraConfig", "package", "settings", "openFirewall", "user",
        "dataDir", "logLevel", "workers", "timeout", "environment", "description", "after"};
    return rng_.pick(names) + (rng_.chance(0.3) ? std::to_string(rng_.below(10)) : "");
  }
  std::string randomValue() {
    static const std::vector<std::string> values = {
        "true", "false", "\"info\"", "8080", "[ ]", "{ }", "pkgs.hello", "\"/var/lib/app\"",
        "lib.mkDefault 4", "[ \"--verbose\" ]", "null", "config.networking.hostName"};
    return rng_.pick(values);
  }

  // Newline with auto-indent after a line, then `name = value;` key by key.
  void typeBinding() {
    const Line l = randomLine([](std::string_view c) {
      return !c.empty() && (c.back() == ';' || c.back() == '{');
    });
    std::string indent = indentOf(l);
    if (!content(l).empty() && content(l).back() == '{') indent += "  ";
    apply(l.end, l.end, "\n" + indent);
    const auto at = static_cast<std::uint32_t>(l.end + 1 + indent.size());
    typeChars(at, randomName() + " = " + randomValue() + ";");
  }
  // Type inside a string literal, maybe take some of it back.
  void editValue() {
    const Line l = randomLine([](std::string_view c) { return c.find('"') != std::string_view::npos; });
    const std::size_t q = content(l).find('"');
    std::uint32_t at = l.start + static_cast<std::uint32_t>(q == std::string_view::npos ? 0 : q + 1);
    const std::size_t n = 1 + rng_.below(8);
    std::string chars;
    for (std::size_t k = 0; k < n; ++k) chars += static_cast<char>('a' + rng_.below(26));
    typeChars(at, chars);
    at += static_cast<std::uint32_t>(n);
    backspaces(at, rng_.below(4));
  }
  // Backspace over the end of a word and type it again.
  void fixTypo() {
    const Line l = randomLine([](std::string_view c) { return c.find('=') != std::string_view::npos; });
    std::string_view c = content(l);
    std::size_t endWord = c.find_first_of(" =.;");
    if (endWord == std::string_view::npos || endWord == 0) endWord = c.size();
    while (endWord > 0 && !isWordChar(c[endWord - 1])) --endWord;
    if (endWord == 0) return;
    const std::size_t n = std::min<std::size_t>(endWord, 1 + rng_.below(3));
    const std::string removed(c.substr(endWord - n, n));
    const auto at = static_cast<std::uint32_t>(l.start + endWord);
    backspaces(at, n);
    typeChars(static_cast<std::uint32_t>(at - n), removed);
  }
  // A multi-line block pasted after a binding, in one change.
  void pasteBlock() {
    const Line l = randomLine([](std::string_view c) { return !c.empty() && c.back() == ';'; });
    const std::string ind = indentOf(l);
    const std::string block = "\n" + ind + randomName() + " = {\n" + ind + "  enable = true;\n" +
                              ind + "  port = " + std::to_string(1024 + rng_.below(60000)) +
                              ";\n" + ind + "};";
    apply(l.end, l.end, block);
  }
  // Delete one or two whole simple bindings (a change spanning lines).
  void deleteLines() {
    auto simple = [](std::string_view c) {
      return !c.empty() && c.back() == ';' && c.find_first_of("{}[]()'") == std::string_view::npos;
    };
    const Line l = randomLine(simple);
    if (!simple(content(l)) || l.end >= text_.size()) return;
    std::uint32_t end = l.end + 1;  // through the newline
    if (rng_.chance(0.3) && end < text_.size()) {
      const Line next = lineAt(end);
      if (simple(content(next)) && next.end < text_.size()) end = next.end + 1;
    }
    apply(l.start, end, "");
  }
  // Select a word and type over it, in one change.
  void replaceWord() {
    const Line l = randomLine([](std::string_view c) { return c.find(" = ") != std::string_view::npos; });
    std::string_view c = content(l);
    const std::size_t s = c.find_first_not_of(' ');
    if (s == std::string_view::npos) return;
    std::size_t e = s;
    while (e < c.size() && isWordChar(c[e])) ++e;
    if (e == s) return;
    apply(l.start + static_cast<std::uint32_t>(s), l.start + static_cast<std::uint32_t>(e), randomName());
  }

  std::string text_;
  Rng rng_;
  std::vector<Edit> edits_;
};

// ---------------------------------------------------------------- the server

// The real binary over pipes, with a framing reader that timestamps each
// message when its last byte has been read.
class ServerProcess {
 public:
  explicit ServerProcess(const std::string& bin) {
    int toChild[2], fromChild[2];
    if (::pipe2(toChild, O_CLOEXEC) != 0 || ::pipe2(fromChild, O_CLOEXEC) != 0) die("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) die("fork failed");
    if (pid_ == 0) {
      ::dup2(toChild[0], 0);
      ::dup2(fromChild[1], 1);
      const char* argv[] = {bin.c_str(), "--log-level", "warn", nullptr};
      ::execv(bin.c_str(), const_cast<char* const*>(argv));
      std::_Exit(127);
    }
    ::close(toChild[0]);
    ::close(fromChild[1]);
    in_ = toChild[1];
    out_ = fromChild[0];
    chunk_.resize(1 << 20);
  }
  ~ServerProcess() {
    if (in_ >= 0) ::close(in_);
    if (out_ >= 0) ::close(out_);
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }

  static std::string frame(const json& message) {
    const std::string body = message.dump();
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }

  void write(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(in_, bytes.data() + done, bytes.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        die(std::string("writing to the server failed: ") + std::strerror(errno));
      }
      done += static_cast<std::size_t>(n);
    }
  }

  struct Message {
    std::string body;
    Clock::time_point at;  // when its last byte was read
  };
  Message read(int timeoutMs = 120000) {
    for (;;) {
      const std::size_t h = buf_.find("\r\n\r\n");
      if (h != std::string::npos) {
        const std::size_t cl = buf_.find("Content-Length:");
        if (cl == std::string::npos || cl > h) die("a message without Content-Length");
        const std::size_t len = std::stoul(buf_.substr(cl + 15, h - cl - 15));
        if (buf_.size() >= h + 4 + len) {
          Message m{buf_.substr(h + 4, len), lastRead_};
          buf_.erase(0, h + 4 + len);
          return m;
        }
      }
      pollfd p{out_, POLLIN, 0};
      const int r = ::poll(&p, 1, timeoutMs);
      if (r == 0) die("timed out waiting for the server");
      if (r < 0) {
        if (errno == EINTR) continue;
        die("poll failed");
      }
      const ssize_t n = ::read(out_, chunk_.data(), chunk_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) die("the server closed its output");
      lastRead_ = Clock::now();
      buf_.append(chunk_.data(), static_cast<std::size_t>(n));
    }
  }
  // Reads until the response to `id`; other messages are dropped (and
  // published diagnostics counted).
  Message response(int id) {
    for (;;) {
      Message m = read();
      if (responseId(m.body) == id) return m;
    }
  }
  [[nodiscard]] int diagnosticsSeen() const { return diagnostics_; }

  // CPU time (user + system, all threads) used so far, in ms.
  double cpuMs() const {
    std::ifstream st("/proc/" + std::to_string(pid_) + "/stat");
    std::string all((std::istreambuf_iterator<char>(st)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) start past ')'.
    std::istringstream rest(all.substr(all.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int k = 3; k <= 15 && rest >> field; ++k) {
      if (k == 14 || k == 15) ticks += std::stod(field);
    }
    return ticks * 1000.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }

  long vmHwmKb() const {
    std::ifstream st("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(st, line)) {
      if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
  }

  int finish() {
    write(frame({{"jsonrpc", "2.0"}, {"id", 999999}, {"method", "shutdown"}}));
    response(999999);
    write(frame({{"jsonrpc", "2.0"}, {"method", "exit"}}));
    ::close(in_);
    in_ = -1;
    int st = 0;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }

 private:
  // The id of a response, or -1. The server writes object keys in sorted
  // order, so a big answer starts with {"id":N; it is not parsed whole
  // (a 4 MiB documentSymbol answer would cost the benchmark ~40 ms).
  int responseId(const std::string& body) {
    if (body.size() > (64u << 10)) {
      if (body.rfind("{\"id\":", 0) == 0) return std::atoi(body.c_str() + 6);
    }
    const json j = json::parse(body);
    if (j.value("method", "") == "textDocument/publishDiagnostics") ++diagnostics_;
    if (j.contains("id") && j["id"].is_number_integer() && !j.contains("method")) return j["id"].get<int>();
    return -1;
  }

  int diagnostics_ = 0;
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buf_;
  std::vector<char> chunk_;
  Clock::time_point lastRead_ = Clock::now();
};

enum class RequestKind { SelectionRange, Completion, Hover, DocumentSymbol };
const char* methodOf(RequestKind k) {
  switch (k) {
    case RequestKind::SelectionRange: return "textDocument/selectionRange";
    case RequestKind::Completion: return "textDocument/completion";
    case RequestKind::Hover: return "textDocument/hover";
    case RequestKind::DocumentSymbol: return "textDocument/documentSymbol";
  }
  return "";
}
std::string shortName(RequestKind k) { return std::string(methodOf(k)).substr(std::string_view("textDocument/").size()); }

struct ServerResult {
  std::vector<double> latencyMs;
  std::vector<double> answerBytes;
  long vmHwmKb = 0;
  int errors = 0;
  int diagnostics = 0;  // publishDiagnostics seen during the edits
  double cpuMsPerEdit = 0;  // server CPU time (all threads) per edit + request
};

json lspPos(fw::Position p) { return {{"line", p.line}, {"character", p.character}}; }

ServerResult runServer(const std::string& bin, const std::string& text,
                       std::span<const Edit> edits, RequestKind kind) {
  ServerResult res;
  ServerProcess srv(bin);
  const std::string uri = "file:///bench/file.nix";
  int id = 1;
  srv.write(ServerProcess::frame({{"jsonrpc", "2.0"}, {"id", id}, {"method", "initialize"},
                                  {"params", {{"processId", ::getpid()}, {"rootUri", nullptr},
                                              {"capabilities", json::object()}}}}));
  srv.response(id++);
  srv.write(ServerProcess::frame({{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}}));
  srv.write(ServerProcess::frame(
      {{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
       {"params", {{"textDocument", {{"uri", uri}, {"languageId", "nix"}, {"version", 1}, {"text", text}}}}}}));
  // Warm up: one answer about the opened document, and its first diagnostics.
  srv.write(ServerProcess::frame({{"jsonrpc", "2.0"}, {"id", id}, {"method", "textDocument/documentSymbol"},
                                  {"params", {{"textDocument", {{"uri", uri}}}}}}));
  bool answered = false, diagnosed = false;
  while (!answered || !diagnosed) {
    const json j = json::parse(srv.read().body);
    if (j.contains("id") && j["id"] == id) answered = true;
    if (j.value("method", "") == "textDocument/publishDiagnostics") diagnosed = true;
  }
  ++id;
  const int diagnosticsBefore = srv.diagnosticsSeen();
  const double cpuBefore = srv.cpuMs();

  int version = 1;
  for (const Edit& ed : edits) {
    // Both messages are serialised before the clock starts.
    const std::string change = ServerProcess::frame(
        {{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
         {"params", {{"textDocument", {{"uri", uri}, {"version", ++version}}},
                     {"contentChanges", json::array({{{"range", {{"start", lspPos(ed.lspStart)},
                                                                   {"end", lspPos(ed.lspEnd)}}},
                                                       {"text", ed.text}}})}}}});
    json params = {{"textDocument", {{"uri", uri}}}};
    if (kind == RequestKind::SelectionRange) params["positions"] = json::array({lspPos(ed.lspCursor)});
    if (kind == RequestKind::Completion || kind == RequestKind::Hover) params["position"] = lspPos(ed.lspCursor);
    const int rid = id++;
    const std::string request =
        ServerProcess::frame({{"jsonrpc", "2.0"}, {"id", rid}, {"method", methodOf(kind)}, {"params", params}});

    const Clock::time_point t0 = Clock::now();
    srv.write(change);
    srv.write(request);
    const ServerProcess::Message m = srv.response(rid);
    res.latencyMs.push_back(msSince(t0, m.at));
    res.answerBytes.push_back(static_cast<double>(m.body.size()));
    // A hover on whitespace is legitimately null; anything else should answer.
    if (m.body.find("\"result\":") == std::string::npos ||
        (kind != RequestKind::Hover && m.body.find("\"result\":null") != std::string::npos))
      ++res.errors;
  }
  res.diagnostics = srv.diagnosticsSeen() - diagnosticsBefore;
  res.cpuMsPerEdit = (srv.cpuMs() - cpuBefore) / static_cast<double>(std::max<std::size_t>(1, edits.size()));
  res.vmHwmKb = srv.vmHwmKb();
  if (srv.finish() != 0) std::cerr << "bench_keystroke: the server exited non-zero\n";
  return res;
}

// ---------------------------------------------------------------- in process

struct InProcResult {
  double parseMs = 0;    // SyntaxTree::parse, median of 5
  double tsParseMs = 0;  // ts_parser_parse_string alone, median of 5
  std::vector<double> reparse;     // SyntaxTree::edit
  std::vector<double> release;     // dropping the previous snapshot
  std::vector<double> tsIncremental;  // ts_tree_copy + ts_tree_edit + ts_parser_parse
  std::vector<double> lineIndex, commaScan, nestingScan, textCopy;
  std::vector<double> selection;   // selectionRanges + LSP JSON + dump
  std::vector<double> provisional; // DocumentView::provisional: what the server does before answering
  std::size_t withRegion = 0;      // edits whose provisional view had a reparsed region
  std::vector<double> symbols;     // documentSymbols
  std::vector<double> symbolsJson; // toLsp + dump
  bool finalTextMatches = false;
  bool incrementalEqualsFresh = false;
};

double median(std::vector<double> v) { return stats(std::move(v)).p50; }

InProcResult runInProcess(const std::string& text, const std::vector<Edit>& edits,
                          const std::string& finalText, std::size_t symbolsEvery) {
  InProcResult res;
  using fw::PositionEncoding;
  const auto enc = PositionEncoding::Utf16;

  // Baselines: full parses of the original text.
  {
    std::vector<double> full, raw;
    TSParser* parser = ts_parser_new();
    ts_parser_set_language(parser, fw::nixLanguage());
    for (int k = 0; k < 5; ++k) {
      auto t0 = Clock::now();
      fw::SyntaxTreePtr t = fw::SyntaxTree::parse(text);
      full.push_back(msSince(t0, Clock::now()));
      t0 = Clock::now();
      TSTree* tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
      raw.push_back(msSince(t0, Clock::now()));
      ts_tree_delete(tree);
    }
    ts_parser_delete(parser);
    res.parseMs = median(full);
    res.tsParseMs = median(raw);
  }

  // Per edit, what the server does: on its strand the provisional view
  // (text, line index, the edited member reparsed when in a long
  // repetition) before answering position requests, and in the background
  // the full incremental reparse (SyntaxTree::edit).
  {
    fw::SyntaxTreePtr tree = fw::SyntaxTree::parse(text);
    fw::DocumentViewPtr view = fw::DocumentView::exact(tree);
    for (std::size_t k = 0; k < edits.size(); ++k) {
      const Edit& ed = edits[k];
      const fw::TextChange change{fw::TextChange::Span{ed.lspStart, ed.lspEnd}, ed.text};
      auto t0 = Clock::now();
      const std::vector<fw::ByteEdit> byteEdits =
          fw::toByteEdits(view->text(), view->lines(), std::span(&change, 1), enc);
      const fw::DocumentViewPtr pv = view->provisional(byteEdits);
      res.provisional.push_back(msSince(t0, Clock::now()));
      if (pv->hasRegion()) ++res.withRegion;

      t0 = Clock::now();
      fw::SyntaxTreePtr next = tree->edit(std::span(&change, 1), enc);
      const auto t1 = Clock::now();
      res.reparse.push_back(msSince(t0, t1));
      // The server drops the previous snapshot on its strand too.
      tree = std::move(next);
      res.release.push_back(msSince(t1, Clock::now()));

      // The selection answer from the view the server would use: the
      // provisional one when it has a region, else the complete tree.
      const fw::DocumentViewPtr answerView = pv->hasRegion() ? pv : fw::DocumentView::exact(tree);
      t0 = Clock::now();
      const fw::ByteOffset o = answerView->lines().offset(ed.lspCursor, enc);
      const std::string sel = fw::server::dumpJson(json::array(
          {fw::server::selectionToLsp(fw::selectionRanges(*answerView, o), answerView->lines(), enc)}));
      res.selection.push_back(msSince(t0, Clock::now()));
      view = fw::DocumentView::exact(tree);

      if (symbolsEvery > 0 && k % symbolsEvery == 0) {
        t0 = Clock::now();
        const std::vector<fw::DocumentSymbol> syms = fw::documentSymbols(*tree);
        const auto ts = Clock::now();
        json out = json::array();
        for (const fw::DocumentSymbol& s : syms) out.push_back(fw::server::toLsp(s, tree->lines(), enc));
        const std::string dumped = fw::server::dumpJson(out);
        res.symbols.push_back(msSince(t0, ts));
        res.symbolsJson.push_back(msSince(ts, Clock::now()));
      }
    }
    res.finalTextMatches = tree->text() == finalText;
    const fw::SyntaxTreePtr fresh = fw::SyntaxTree::parse(tree->text());
    char* a = ts_node_string(ts_tree_root_node(tree->tree()));
    char* b = ts_node_string(ts_tree_root_node(fresh->tree()));
    res.incrementalEqualsFresh = std::strcmp(a, b) == 0;
    std::free(a);
    std::free(b);
  }

  // The parts of SyntaxTree::edit, on the same script.
  {
    TSParser* parser = ts_parser_new();
    ts_parser_set_language(parser, fw::nixLanguage());
    std::string cur = text;
    TSTree* tree = ts_parser_parse_string(parser, nullptr, cur.data(), static_cast<uint32_t>(cur.size()));
    for (const Edit& ed : edits) {
      std::string next = cur;
      next.replace(ed.start, ed.oldEnd - ed.start, ed.text);
      const TSInputEdit e{ed.start,
                          ed.oldEnd,
                          static_cast<uint32_t>(ed.start + ed.text.size()),
                          {ed.tsStart.row, ed.tsStart.column},
                          {ed.tsOldEnd.row, ed.tsOldEnd.column},
                          {ed.tsNewEnd.row, ed.tsNewEnd.column}};
      auto t0 = Clock::now();
      TSTree* copy = ts_tree_copy(tree);
      ts_tree_edit(copy, &e);
      TSTree* parsed = ts_parser_parse_string(parser, copy, next.data(), static_cast<uint32_t>(next.size()));
      res.tsIncremental.push_back(msSince(t0, Clock::now()));
      ts_tree_delete(copy);
      ts_tree_delete(tree);
      tree = parsed;

      t0 = Clock::now();
      { const fw::LineIndex idx(next); }
      res.lineIndex.push_back(msSince(t0, Clock::now()));
      t0 = Clock::now();
      { const std::vector<fw::ByteOffset> commas = fw::findTrailingFormalCommas(next); }
      res.commaScan.push_back(msSince(t0, Clock::now()));
      t0 = Clock::now();
      { const fw::NestingScan limits = fw::scanNesting(next); }
      res.nestingScan.push_back(msSince(t0, Clock::now()));
      t0 = Clock::now();
      { const std::string copied = next; }
      res.textCopy.push_back(msSince(t0, Clock::now()));
      cur = std::move(next);
    }
    ts_tree_delete(tree);
    ts_parser_delete(parser);
  }
  return res;
}

// ---------------------------------------------------------------- main

struct FileCase {
  std::string label;
  std::string path;
  std::string text;
  std::vector<Edit> edits;
  std::string finalText;
  std::size_t multiLine = 0, deletions = 0;
};

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);
  std::string bin =
#ifdef FLAKEWISE_BIN_DEFAULT
      FLAKEWISE_BIN_DEFAULT;
#else
      "flakewise";
#endif
  if (const char* e = std::getenv("FLAKEWISE_BIN")) bin = e;
  std::size_t editCount = 500, symbolsEvery = 10, symbolEdits = 0;
  std::uint64_t seed = 1;
  bool server = true, inproc = true, dump = false;
  std::vector<FileCase> cases;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--server") bin = value();
    else if (a == "--edits") editCount = std::stoul(value());
    else if (a == "--seed") seed = std::stoull(value());
    else if (a == "--symbols-every") symbolsEvery = std::stoul(value());
    else if (a == "--symbol-edits") symbolEdits = std::stoul(value());
    else if (a == "--no-server") server = false;
    else if (a == "--no-inproc") inproc = false;
    else if (a == "--dump-edits") dump = true;
    else if (a == "-h" || a == "--help") {
      std::cout << "usage: bench_keystroke [--server BIN] [--edits N] [--seed S] [--symbols-every K]\n"
                   "                       [--symbol-edits N] [--no-server] [--no-inproc] [--dump-edits]\n"
                   "                       LABEL=FILE...\n"
                   "--symbol-edits: the documentSymbol run uses only the first N edits (default: all).\n"
                   "--dump-edits prints the edit scripts as JSON lines and exits.\n";
      return 0;
    } else if (a.find('=') != std::string::npos && a[0] != '-') {
      const std::size_t eq = a.find('=');
      cases.push_back({a.substr(0, eq), a.substr(eq + 1), {}, {}, {}, 0, 0});
    } else {
      die("unknown argument '" + a + "' (files are given as LABEL=FILE)");
    }
  }
  if (cases.empty()) die("no files given (LABEL=FILE...)");

  for (FileCase& c : cases) {
    c.text = readAll(c.path);
    Typist typist(c.text, seed);
    c.edits = typist.run(editCount);
    // Replay to get the text after exactly editCount edits.
    std::string t = c.text;
    for (const Edit& ed : c.edits) {
      t.replace(ed.start, ed.oldEnd - ed.start, ed.text);
      if (ed.text.find('\n') != std::string::npos || ed.lspStart.line != ed.lspEnd.line) ++c.multiLine;
      if (ed.oldEnd > ed.start) ++c.deletions;
    }
    c.finalText = std::move(t);
  }
  if (dump) {
    for (const FileCase& c : cases) {
      for (std::size_t k = 0; k < c.edits.size(); ++k) {
        const Edit& ed = c.edits[k];
        std::cout << json{{"file", c.label}, {"edit", k},
                          {"range", {{"start", lspPos(ed.lspStart)}, {"end", lspPos(ed.lspEnd)}}},
                          {"text", ed.text}}.dump()
                  << '\n';
      }
    }
    return 0;
  }

  std::cout << "### Edit script\n\n"
            << "| file | size | lines | edits | multi-line | with deletion | seed |\n|---|---|---|---|---|---|---|\n";
  for (const FileCase& c : cases) {
    std::cout << "| " << c.label << " (`" << c.path.substr(c.path.find_last_of('/') + 1) << "`) | "
              << fmtBytes(static_cast<double>(c.text.size())) << " | "
              << fw::LineIndex(c.text).lineCount() << " | " << c.edits.size() << " | " << c.multiLine
              << " | " << c.deletions << " | " << seed << " |\n";
  }
  std::cout << std::endl;

  if (server) {
    std::cout << "### Edit → answer through the server (pipes, didChange + request pairs, back to back)\n\n"
              << "| file | request | edits | p50 ms | p90 ms | p99 ms | max ms | mean ms | answer size (p50) | "
                 "server CPU per edit (mean) | server peak RSS | diagnostics published |\n"
                 "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const FileCase& c : cases) {
      for (RequestKind k : {RequestKind::SelectionRange, RequestKind::Completion, RequestKind::Hover,
                            RequestKind::DocumentSymbol}) {
        std::cerr << "keystroke: " << c.label << ": server, " << methodOf(k) << "..." << std::endl;
        std::span<const Edit> script(c.edits);
        if (k == RequestKind::DocumentSymbol && symbolEdits > 0 && symbolEdits < script.size())
          script = script.first(symbolEdits);
        const ServerResult r = runServer(bin, c.text, script, k);
        const Stats s = stats(r.latencyMs);
        std::cout << "| " << c.label << " | " << shortName(k)
                  << " | " << script.size() << " | " << fmtMs(s.p50) << " | " << fmtMs(s.p90) << " | " << fmtMs(s.p99) << " | "
                  << fmtMs(s.max) << " | " << fmtMs(s.mean) << " | " << fmtBytes(median(r.answerBytes))
                  << " | " << fmtMs(r.cpuMsPerEdit) << " | " << fmtBytes(static_cast<double>(r.vmHwmKb) * 1024)
                  << " | " << r.diagnostics
                  << " |" << std::endl;
        if (r.errors) std::cerr << "keystroke: warning: " << r.errors << " answers were errors or null\n";
      }
    }
    std::cout << std::endl;
  }

  if (inproc) {
    std::vector<InProcResult> results;
    for (const FileCase& c : cases) {
      std::cerr << "keystroke: " << c.label << ": in process..." << std::endl;
      results.push_back(runInProcess(c.text, c.edits, c.finalText, symbolsEvery));
      if (!results.back().finalTextMatches) die("the in-process text diverged from the edit script");
      if (!results.back().incrementalEqualsFresh)
        std::cerr << "keystroke: warning: " << c.label << ": incremental tree differs from a fresh parse\n";
    }
    std::cout << "### In process: full parse versus one incremental reparse (same edit script)\n\n"
              << "| file | full `SyntaxTree::parse` | full `ts_parser_parse` | `SyntaxTree::edit` p50 | p90 | p99 | max |"
                 " incremental `ts_parser_parse` p50 | p99 |\n|---|---|---|---|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const InProcResult& r = results[i];
      const Stats re = stats(r.reparse), ts = stats(r.tsIncremental);
      std::cout << "| " << cases[i].label << " | " << fmtMs(r.parseMs) << " | " << fmtMs(r.tsParseMs) << " | "
                << fmtMs(re.p50) << " | " << fmtMs(re.p90) << " | " << fmtMs(re.p99) << " | " << fmtMs(re.max)
                << " | " << fmtMs(ts.p50) << " | " << fmtMs(ts.p99) << " |\n";
    }
    std::cout << "\nAll times in ms. Full parses: median of 5. `SyntaxTree::edit` is what the server runs per "
                 "didChange; incremental `ts_parser_parse` is tree-sitter alone (tree copy + edit + parse with "
                 "the old tree).\n\n";
    std::cout << "### In process: where an edit → answer goes (p50 ms per edit; documentSymbol on every "
              << symbolsEvery << "th edit)\n\n"
              << "| file | `SyntaxTree::edit` | of which: ts incremental parse | LineIndex rebuild | comma scan | "
                 "nesting gauge | text copy | dropping the old snapshot | selectionRange (compute + JSON) | "
                 "documentSymbol compute | documentSymbol JSON |\n"
                 "|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const InProcResult& r = results[i];
      std::cout << "| " << cases[i].label << " | " << fmtMs(median(r.reparse)) << " | "
                << fmtMs(median(r.tsIncremental)) << " | "
                << fmtMs(median(r.lineIndex)) << " | " << fmtMs(median(r.commaScan)) << " | "
                << fmtMs(median(r.nestingScan)) << " | "
                << fmtMs(median(r.textCopy)) << " | " << fmtMs(median(r.release)) << " | "
                << fmtMs(median(r.selection)) << " | "
                << fmtMs(median(r.symbols)) << " | " << fmtMs(median(r.symbolsJson)) << " |\n";
    }
    std::cout << "\n### In process: the provisional view (what an answer waits for)\n\n"
              << "| file | provisional view p50 | p90 | p99 | max | edits with a reparsed region |\n"
                 "|---|---|---|---|---|---|\n";
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const InProcResult& r = results[i];
      const Stats pv = stats(r.provisional);
      std::cout << "| " << cases[i].label << " | " << fmtMs(pv.p50) << " | " << fmtMs(pv.p90) << " | "
                << fmtMs(pv.p99) << " | " << fmtMs(pv.max) << " | " << r.withRegion << " of "
                << r.provisional.size() << " |\n";
    }
    std::cout << "\nSlowest `SyntaxTree::edit` calls (ms, the change, its line):\n\n";
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const InProcResult& r = results[i];
      std::vector<std::size_t> order(r.reparse.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      const std::size_t top = std::min<std::size_t>(6, order.size());
      std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                        [&](std::size_t a, std::size_t b) { return r.reparse[a] > r.reparse[b]; });
      std::cout << "- " << cases[i].label << ":";
      for (std::size_t k = 0; k < top; ++k) {
        const Edit& ed = cases[i].edits[order[k]];
        std::string shown = ed.oldEnd > ed.start && ed.text.empty() ? "delete " + std::to_string(ed.oldEnd - ed.start) + " B"
                                                                    : json(ed.text).dump();
        if (shown.size() > 24) shown = shown.substr(0, 21) + "...";
        std::cout << (k ? "," : "") << ' ' << fmtMs(r.reparse[order[k]]) << " (`" << shown << "` at line "
                  << ed.lspStart.line + 1 << ")";
      }
      std::cout << '\n';
    }
    std::cout << "\nIncremental tree equals a fresh parse of the final text:";
    for (std::size_t i = 0; i < cases.size(); ++i)
      std::cout << ' ' << cases[i].label << '=' << (results[i].incrementalEqualsFresh ? "yes" : "NO");
    std::cout << "\n\n";
  }
  return 0;
}
