#include "server/framing.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace fw::server {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Headers are tiny; anything longer without a blank line is garbage.
constexpr std::size_t kMaxHeaderBytes = 8192;

}  // namespace

std::string frame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

void FrameReader::feed(std::string_view bytes) {
  if (skipping_ > 0) {
    const std::size_t n = std::min(skipping_, bytes.size());
    if (oversized_) {
      oversized_->partial.append(bytes.substr(0, std::min(n, kKeptBodyBytes - oversized_->partial.size())));
    }
    skipping_ -= n;
    bytes.remove_prefix(n);
    if (skipping_ == 0 || (oversized_ && oversized_->partial.size() >= kKeptBodyBytes)) flushOversized();
  }
  // Compact consumed bytes before growing.
  if (pos_ > 0 && pos_ >= buf_.size() / 2) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(bytes);
  parse();
}

void FrameReader::flushOversized() {
  if (!oversized_) return;
  events_.push_back(std::move(*oversized_));
  oversized_.reset();
}

std::optional<FrameReader::Incomplete> FrameReader::incompleteBody() const {
  if (waitStart_ == std::string::npos || skipping_ > 0) return std::nullopt;
  return Incomplete{std::string_view(buf_).substr(waitStart_), waitLength_};
}

void FrameReader::abandonIncomplete() {
  const std::optional<Incomplete> inc = incompleteBody();
  if (!inc) return;
  FrameEvent ev{FrameEvent::Kind::Error,
                "message shorter than its Content-Length (" + std::to_string(inc->announced) +
                    " bytes announced, " + std::to_string(inc->received.size()) +
                    " received before the client paused); not handled",
                false, std::string(inc->received)};
  events_.push_back(std::move(ev));
  pos_ = buf_.size();
  scanned_ = 0;
  waitStart_ = std::string::npos;
}

bool FrameReader::next(FrameEvent& out) {
  if (events_.empty()) return false;
  out = std::move(events_.front());
  events_.pop_front();
  return true;
}

void FrameReader::parse() {
  waitStart_ = std::string::npos;
  while (skipping_ == 0 && pos_ < buf_.size()) {
    const std::string_view rest(buf_.data() + pos_, buf_.size() - pos_);
    // The blank line ending the headers is looked for in the first bytes
    // only: searching a large body that is still arriving on every read
    // would make reading it quadratic.
    const std::string_view head = rest.substr(0, kMaxHeaderBytes + 4);
    // Tolerate stray line breaks between messages.
    std::size_t lead = 0;
    while (lead < rest.size() && (rest[lead] == '\r' || rest[lead] == '\n')) ++lead;
    if (lead > 0) {
      pos_ += lead;
      continue;
    }
    std::size_t end = head.find("\r\n\r\n");
    std::size_t sepLen = 4;
    // Some clients (and hand-typed tests) send bare "\n\n".
    const std::size_t lf = head.find("\n\n");
    if (lf != std::string_view::npos && (end == std::string_view::npos || lf < end)) {
      end = lf;
      sepLen = 2;
    }
    if (end == std::string_view::npos) {
      if (rest.size() > kMaxHeaderBytes) {
        events_.push_back({FrameEvent::Kind::Error, "header block too long without a blank line; skipped", false});
        pos_ = buf_.size();
      }
      return;
    }
    const std::string_view headers = rest.substr(0, end);
    long long length = -1;
    bool bad = false;
    std::size_t start = 0;
    while (start <= headers.size()) {
      std::size_t nl = headers.find('\n', start);
      if (nl == std::string_view::npos) nl = headers.size();
      const std::string_view line = trim(headers.substr(start, nl - start));
      start = nl + 1;
      if (line.empty()) continue;
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        bad = true;
        continue;
      }
      const std::string_view name = trim(line.substr(0, colon));
      const std::string_view value = trim(line.substr(colon + 1));
      if (iequals(name, "Content-Length")) {
        long long v = -1;
        const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
        if (ec != std::errc() || p != value.data() + value.size() || v < 0) {
          bad = true;
        } else {
          length = v;
        }
      }
    }
    if (length < 0) {
      events_.push_back({FrameEvent::Kind::Error,
                         bad ? "malformed header block; skipped"
                             : "header block without Content-Length; skipped",
                         false});
      pos_ += end + sepLen;
      continue;
    }
    const auto len = static_cast<std::size_t>(length);
    const std::size_t bodyStart = pos_ + end + sepLen;
    if (len > maxBody_) {
      const std::size_t have = buf_.size() - bodyStart;
      oversized_ = FrameEvent{FrameEvent::Kind::Error,
                              "message of " + std::to_string(len) + " bytes is over the limit of " +
                                  std::to_string(maxBody_) +
                                  " bytes (--max-message-size); skipped",
                              true, buf_.substr(bodyStart, std::min({have, len, kKeptBodyBytes}))};
      if (have >= len) {
        pos_ = bodyStart + len;
        flushOversized();
      } else {
        skipping_ = len - have;
        buf_.clear();
        pos_ = 0;
        if (oversized_->partial.size() >= kKeptBodyBytes) flushOversized();
      }
      continue;
    }
    // A header inside the body means the Content-Length was too large and
    // the next message started early. "Content-Length: N" followed by a raw
    // CR LF cannot occur in valid JSON (strings escape line breaks), so
    // cutting there is safe.
    const std::string_view avail(buf_.data() + bodyStart,
                                 std::min(len, buf_.size() - bodyStart));
    // Scan only what arrived since the last look (bodies can be large).
    std::size_t cut = std::string_view::npos;
    for (std::size_t at = avail.find("Content-Length:", scanned_ > 32 ? scanned_ - 32 : 0);
         at != std::string_view::npos; at = avail.find("Content-Length:", at + 1)) {
      std::size_t k = at + 15;
      while (k < avail.size() && avail[k] == ' ') ++k;
      const std::size_t digits = k;
      while (k < avail.size() && avail[k] >= '0' && avail[k] <= '9') ++k;
      if (k > digits && avail.substr(k, 2) == "\r\n") {
        cut = at;
        break;
      }
    }
    scanned_ = avail.size();
    if (cut != std::string_view::npos) {
      events_.push_back({FrameEvent::Kind::Error,
                         "message shorter than its Content-Length (" + std::to_string(len) +
                             " bytes announced, " + std::to_string(cut) +
                             " before the next header); not handled",
                         false, std::string(avail.substr(0, cut))});
      pos_ = bodyStart + cut;
      scanned_ = 0;
      continue;
    }
    if (buf_.size() - bodyStart < len) {  // wait for the rest
      waitStart_ = bodyStart;
      waitLength_ = len;
      return;
    }
    events_.push_back({FrameEvent::Kind::Message, buf_.substr(bodyStart, len), false});
    pos_ = bodyStart + len;
    scanned_ = 0;
  }
}

}  // namespace fw::server
