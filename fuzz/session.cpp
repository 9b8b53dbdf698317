// Fuzz target: JSON-RPC framing, message decoding and session dispatch.
//
// A real Session runs in-process: bytes go through the same path as the
// reader thread's (FrameReader, lenient JSON parsing, dispatch on the
// strand), work runs on a one-thread pool, replies go to a memory file.
// After the input (and an end of input), the harness checks what the
// server wrote: well-framed JSON-RPC messages, and no request answered
// twice; when the input is a list of well-framed messages (mode 'M'),
// every request before `exit` answered exactly once.
//
// Input modes, by the first byte:
//   'M'  JSON bodies separated by a line holding only "\x1e" (record
//        separator); the harness frames each one, so mutations of the JSON
//        keep the framing valid.
//   else raw bytes as a client would write them, delivered in chunks whose
//        sizes come from the last bytes.

#include <sys/mman.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdlib>
#include <future>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.h"
#include "server/framing.h"
#include "server/protocol.h"
#include "server/session.h"

using namespace fw;
using namespace fw::server;
namespace asio = boost::asio;

namespace {

// Runs everything queued on the strand and the pool until nothing is left.
// The pool has one thread, so a marker posted to it runs after every job
// posted before it.
void drain(asio::io_context& io, asio::thread_pool& pool) {
  for (int rounds = 0; rounds < 100000; ++rounds) {
    io.restart();
    std::size_t n = io.poll();
    std::promise<void> done;
    asio::post(pool, [&] { done.set_value(); });
    done.get_future().wait();
    io.restart();
    n += io.poll();
    if (n == 0) return;
  }
  FUZZ_CHECK(false, "the session never became idle");
}

std::string readAll(int fd) {
  std::string out;
  ::lseek(fd, 0, SEEK_SET);
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// What the client sent, as the server should see it: requests by id
// (dumped) before the first `exit`, and every id a message carried (a
// malformed message can still be answered with its id).
struct Sent {
  std::map<std::string, int> requests;
  std::map<std::string, int> otherIds;  // ids of non-requests and of framing errors
};

bool validId(const json& id) { return id.is_string() || id.is_number_integer(); }

// Returns false at `exit`.
bool account(const json& m, Sent& sent) {
  if (!m.is_object()) return true;
  const bool hasMethod = m.contains("method") && m["method"].is_string();
  if (hasMethod && !m.contains("id") && m["method"] == "exit") return false;
  if (m.contains("id") && validId(m["id"])) {
    ++(hasMethod ? sent.requests : sent.otherIds)[dumpJson(m["id"])];
  }
  return true;
}

Sent whatWasSent(const std::vector<FrameEvent>& events) {
  Sent sent;
  for (const FrameEvent& ev : events) {
    if (ev.kind == FrameEvent::Kind::Error) {
      bool repaired = false;
      const json m = parseJsonLenient(ev.partial, repaired);
      if (m.is_object() && m.contains("id") && validId(m["id"])) {
        ++sent.otherIds[dumpJson(m["id"])];
      } else if (auto id = findMessageId(ev.partial)) {
        ++sent.otherIds[dumpJson(*id)];
      }
      continue;
    }
    bool repaired = false;
    const json m = parseJsonLenient(ev.body, repaired);
    if (m.is_discarded()) {
      if (auto id = findMessageId(ev.body)) ++sent.otherIds[dumpJson(*id)];
    } else if (m.is_array()) {
      for (const json& e : m) {
        // Batch members are answered with errors, whatever they are.
        if (e.is_object() && e.contains("method") && e.contains("id") && validId(e["id"]))
          ++sent.requests[dumpJson(e["id"])];
      }
    } else if (!account(m, sent)) {
      break;
    }
  }
  return sent;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return 0;
  fuzz::InputReader in(data, size);
  const bool messages = size > 0 && data[0] == 'M';
  std::vector<std::string> chunks;
  std::vector<std::string> bodies;  // mode M: what the client sent
  if (messages) {
    (void)in.front(1);
    std::string_view rest = in.rest();
    while (!rest.empty()) {
      const std::size_t sep = rest.find("\n\x1e\n");
      const std::string_view body = rest.substr(0, sep);
      if (!body.empty()) {
        bodies.emplace_back(body);
        chunks.push_back(frame(body));
      }
      if (sep == std::string_view::npos) break;
      rest.remove_prefix(sep + 3);
    }
  } else {
    // Chunk sizes from the end, the bytes from the front.
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 4; ++i) sizes.push_back(1 + in.byte() * 16);
    for (std::size_t k = 0; !in.empty(); ++k) chunks.emplace_back(in.front(sizes[k % sizes.size()]));
  }

  // The same bytes through a reader of our own, for the oracle.
  std::vector<FrameEvent> sentEvents;
  {
    FrameReader mirror(64 * 1024);
    for (const std::string& chunk : chunks) {
      mirror.feed(chunk);
      FrameEvent ev;
      while (mirror.next(ev)) sentEvents.push_back(std::move(ev));
    }
  }
  const Sent sent = whatWasSent(sentEvents);

  const int out = ::memfd_create("fuzz-session-out", MFD_CLOEXEC);
  FUZZ_CHECK(out >= 0, "memfd_create failed");
  ServerOptions options;
  options.maxMessageBytes = 64 * 1024;
  options.maxFileBytes = 32 * 1024;
  options.diagnosticsDelay = std::chrono::milliseconds(0);
  options.indexWorkspace = false;
  options.externalProcesses = false;
  {
    asio::io_context io;
    asio::thread_pool pool(1);
    bool ended = false;
    {
      auto session = std::make_shared<Session>(io, pool, -1, out, options, [&](int) { ended = true; });
      FrameReader reader(options.maxMessageBytes);
      for (const std::string& chunk : chunks) {
        session->receive(reader, chunk);
        drain(io, pool);
      }
      session->receiveEof(reader);
      drain(io, pool);
      FUZZ_CHECK(ended, "the session did not end at the end of its input");
    }
    // Handlers still queued (timers, late replies) release the session.
    drain(io, pool);
    pool.join();
  }

  // What the server wrote must be framed JSON-RPC; no request answered twice.
  const std::string written = readAll(out);
  ::close(out);
  if (std::getenv("FLAKEWISE_FUZZ_DEBUG")) std::fprintf(stderr, "%s\n", written.c_str());
  FrameReader reader(written.size() + 1);
  reader.feed(written);
  std::map<std::string, int> answers;
  FrameEvent ev;
  while (reader.next(ev)) {
    FUZZ_CHECK(ev.kind == FrameEvent::Kind::Message, "badly framed output: " + ev.body);
    const json m = json::parse(ev.body, nullptr, false);
    FUZZ_CHECK(m.is_object() && m.value("jsonrpc", "") == "2.0", "output is not a JSON-RPC message: " + ev.body);
    const bool response = m.contains("result") || m.contains("error");
    if (response) {
      FUZZ_CHECK(m.contains("id") && !m.contains("method"), "a response without an id: " + ev.body);
      FUZZ_CHECK(m.contains("result") != m.contains("error"), "result and error in one response: " + ev.body);
      if (!m["id"].is_null()) ++answers[dumpJson(m["id"])];
    } else {
      FUZZ_CHECK(m.contains("method") && m["method"].is_string(), "a message that is neither: " + ev.body);
    }
  }
  FUZZ_CHECK(reader.pending() == 0, "output ends inside a message");
  for (const auto& [id, n] : answers) {
    const int requests = sent.requests.count(id) ? sent.requests.at(id) : 0;
    const int others = sent.otherIds.count(id) ? sent.otherIds.at(id) : 0;
    FUZZ_CHECK(n <= requests + others, "id " + id + " answered " + std::to_string(n) + " times for " +
                                           std::to_string(requests) + " requests and " + std::to_string(others) +
                                           " other messages with that id");
  }
  if (messages) {
    // Well-framed messages, each handled before the next: every request
    // before `exit` is answered, exactly once.
    for (const auto& [id, n] : sent.requests) {
      const int got = answers.count(id) ? answers.at(id) : 0;
      const int others = sent.otherIds.count(id) ? sent.otherIds.at(id) : 0;
      FUZZ_CHECK(got >= n && got <= n + others,
                 "request " + id + " sent " + std::to_string(n) + " times, answered " + std::to_string(got) + " times");
    }
  }
  return 0;
}
