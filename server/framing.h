#pragma once
// LSP base protocol framing: "Content-Length: N\r\n\r\n" + N bytes of JSON.
//
// FrameReader is an incremental parser: feed it bytes as they arrive, take
// out complete messages. It never throws and never gets stuck: a malformed
// header block is reported and skipped, an oversized body is skipped
// without being stored.

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace fw::server {

struct FrameEvent {
  enum class Kind { Message, Error } kind = Kind::Message;
  std::string body;   // the JSON text (Message) or what went wrong (Error)
  bool oversized = false;
};

class FrameReader {
 public:
  explicit FrameReader(std::size_t maxBody = 64u << 20) : maxBody_(maxBody) {}

  void feed(std::string_view bytes);
  // Next complete event, if any.
  [[nodiscard]] bool next(FrameEvent& out);
  // Bytes received but not yet forming a whole message (for EOF reports).
  [[nodiscard]] std::size_t pending() const { return buf_.size() - pos_; }

 private:
  void parse();

  std::size_t maxBody_;
  std::string buf_;
  std::size_t pos_ = 0;
  // Remaining bytes of an oversized body being discarded.
  std::size_t skipping_ = 0;
  // Body bytes of the message at pos_ already searched for a stray header.
  std::size_t scanned_ = 0;
  std::deque<FrameEvent> events_;
};

[[nodiscard]] std::string frame(std::string_view body);

}  // namespace fw::server
