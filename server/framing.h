#pragma once
// LSP base protocol framing: "Content-Length: N\r\n\r\n" + N bytes of JSON.
//
// FrameReader is an incremental parser: feed it bytes as they arrive, take
// out complete messages. It never throws and never gets stuck: a malformed
// header block is reported and skipped, an oversized body is skipped
// without being stored.

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace fw::server {

struct FrameEvent {
  enum class Kind { Message, Error } kind = Kind::Message;
  std::string body;   // the JSON text (Message) or what went wrong (Error)
  bool oversized = false;
  // Error: the start of the body the error is about, when there was one
  // (the first kKeptBodyBytes of an oversized body, everything received of
  // a message cut short), so that the session can answer its request id.
  std::string partial;
};

// How much of an oversized body is kept for FrameEvent::partial.
inline constexpr std::size_t kKeptBodyBytes = 4096;

class FrameReader {
 public:
  explicit FrameReader(std::size_t maxBody = 64u << 20) : maxBody_(maxBody) {}

  void feed(std::string_view bytes);
  // Next complete event, if any.
  [[nodiscard]] bool next(FrameEvent& out);
  // Bytes received but not yet forming a whole message (for EOF reports).
  [[nodiscard]] std::size_t pending() const { return buf_.size() - pos_; }

  // A body whose header has been read but whose bytes have not all
  // arrived: what arrived so far, and how long it was announced to be.
  struct Incomplete {
    std::string_view received;
    std::size_t announced = 0;
  };
  [[nodiscard]] std::optional<Incomplete> incompleteBody() const;
  // Gives up waiting for the rest of that body (the client announced more
  // than it sent and waits for an answer): reported as an Error event whose
  // `partial` holds what arrived; reading goes on after it.
  void abandonIncomplete();

 private:
  void parse();
  void flushOversized();

  std::size_t maxBody_;
  std::string buf_;
  std::size_t pos_ = 0;
  // Remaining bytes of an oversized body being discarded.
  std::size_t skipping_ = 0;
  // The error event of the oversized body being skipped, sent once its
  // first kKeptBodyBytes (or all of it) have been seen.
  std::optional<FrameEvent> oversized_;
  // Body bytes of the message at pos_ already searched for a stray header.
  std::size_t scanned_ = 0;
  // The body being waited for: its start in buf_ and announced length.
  std::size_t waitStart_ = std::string::npos;
  std::size_t waitLength_ = 0;
  std::deque<FrameEvent> events_;
};

[[nodiscard]] std::string frame(std::string_view body);

}  // namespace fw::server
