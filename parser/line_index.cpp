#include "parser/line_index.h"

#include <algorithm>
#include <cstring>

namespace fw {

const char* severityName(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Information: return "info";
    case Severity::Hint: return "hint";
  }
  return "error";
}

Utf8Char decodeUtf8(std::string_view text, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) return {1, b0};
  std::uint32_t len = 0;
  std::uint32_t cp = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; min = 0x10000; }
  else return {1, 0xFFFD};
  if (i + len > text.size()) return {1, 0xFFFD};
  for (std::uint32_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return {1, 0xFFFD};
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {1, 0xFFFD};
  return {len, cp};
}

std::size_t findInvalidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) { ++i; continue; }
    const Utf8Char c = decodeUtf8(text, i);
    if (c.codePoint == 0xFFFD && c.bytes == 1) return i;
    i += c.bytes;
  }
  return std::string_view::npos;
}

namespace {

// Units a character occupies in the given encoding.
std::uint32_t unitsOf(const Utf8Char& c, PositionEncoding enc) {
  switch (enc) {
    case PositionEncoding::Utf8: return c.bytes;
    case PositionEncoding::Utf16: return c.codePoint >= 0x10000 ? 2 : 1;
    case PositionEncoding::Utf32: return 1;
  }
  return 1;
}

// True if any byte of the 8-byte word is '\n', '\r' or >= 0x80.
inline bool wordNeedsLook(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  auto hasZero = [](std::uint64_t v) { return (v - ones) & ~v & high; };
  return (w & high) || hasZero(w ^ (ones * '\n')) || hasZero(w ^ (ones * '\r'));
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.reserve(text.size() / 32 + 1);
  starts_.push_back(0);
  bool ascii = true;
  const char* p = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (!wordNeedsLook(w)) { i += 8; continue; }
    }
    const auto c = static_cast<unsigned char>(p[i]);
    if (c == '\n') {
      ascii_.push_back(ascii);
      ascii = true;
      starts_.push_back(static_cast<ByteOffset>(i + 1));
    } else if (c == '\r') {
      ascii_.push_back(ascii);
      ascii = true;
      if (i + 1 < n && p[i + 1] == '\n') {
        ++i;
      } else {
        loneCr_ = true;
      }
      starts_.push_back(static_cast<ByteOffset>(i + 1));
    } else if (c >= 0x80) {
      ascii = false;
    }
    ++i;
  }
  ascii_.push_back(ascii);

  for (std::uint32_t line = 0; line < starts_.size(); ++line) {
    if (ascii_[line]) continue;
    const ByteOffset start = starts_[line], end = lineEnd(line);
    if (end - start <= kCheckpointBytes) continue;
    if (firstCheckpoint_.empty()) firstCheckpoint_.assign(line + 1, 0);
    firstCheckpoint_.resize(line + 1, static_cast<std::uint32_t>(checkpoints_.size()));
    std::uint32_t u16 = 0, u32 = 0;
    ByteOffset last = start;
    for (std::size_t k = start; k < end;) {
      if (k - last >= kCheckpointBytes) {
        checkpoints_.push_back({static_cast<ByteOffset>(k), u16, u32});
        last = static_cast<ByteOffset>(k);
      }
      const Utf8Char c = decodeUtf8(text_, k);
      u16 += unitsOf(c, PositionEncoding::Utf16);
      u32 += unitsOf(c, PositionEncoding::Utf32);
      k += c.bytes;
    }
    firstCheckpoint_.push_back(static_cast<std::uint32_t>(checkpoints_.size()));
  }
  if (!firstCheckpoint_.empty())
    firstCheckpoint_.resize(starts_.size() + 1, static_cast<std::uint32_t>(checkpoints_.size()));
}

std::span<const LineIndex::Checkpoint> LineIndex::checkpointsOf(std::uint32_t line) const {
  if (firstCheckpoint_.empty()) return {};
  return std::span<const Checkpoint>(checkpoints_)
      .subspan(firstCheckpoint_[line], firstCheckpoint_[line + 1] - firstCheckpoint_[line]);
}

ByteOffset LineIndex::lineStart(std::uint32_t line) const {
  if (line >= starts_.size()) return static_cast<ByteOffset>(text_.size());
  return starts_[line];
}

ByteOffset LineIndex::lineEnd(std::uint32_t line) const {
  if (line >= starts_.size()) return static_cast<ByteOffset>(text_.size());
  ByteOffset end = line + 1 < starts_.size() ? starts_[line + 1] : static_cast<ByteOffset>(text_.size());
  // Strip the terminator: "\n", "\r\n" or "\r".
  if (end > starts_[line] && line + 1 < starts_.size()) {
    if (text_[end - 1] == '\n') {
      --end;
      if (end > starts_[line] && text_[end - 1] == '\r') --end;
    } else if (text_[end - 1] == '\r') {
      --end;
    }
  }
  return end;
}

std::uint32_t LineIndex::lineOf(ByteOffset offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<std::uint32_t>(it - starts_.begin() - 1);
}

Position LineIndex::position(ByteOffset offset, PositionEncoding enc) const {
  offset = std::min<ByteOffset>(offset, static_cast<ByteOffset>(text_.size()));
  const std::uint32_t line = lineOf(offset);
  const ByteOffset start = starts_[line];
  // An offset inside a line terminator ("\r|\n") maps to the line's end.
  offset = std::min(offset, lineEnd(line));
  if (ascii_[line]) return {line, offset - start};
  std::uint32_t units = 0;
  std::size_t i = start;
  const std::span<const Checkpoint> cps = checkpointsOf(line);
  auto cp = std::upper_bound(cps.begin(), cps.end(), offset,
                             [](ByteOffset o, const Checkpoint& c) { return o < c.byte; });
  if (cp != cps.begin()) {
    --cp;
    units = cp->units(enc, start);
    i = cp->byte;
  }
  while (i < offset) {
    const Utf8Char c = decodeUtf8(text_, i);
    if (i + c.bytes > offset) break;  // offset inside a character: its start
    units += unitsOf(c, enc);
    i += c.bytes;
  }
  return {line, units};
}

ByteOffset LineIndex::offset(Position pos, PositionEncoding enc) const {
  if (pos.line >= starts_.size()) return static_cast<ByteOffset>(text_.size());
  const ByteOffset start = starts_[pos.line];
  const ByteOffset end = lineEnd(pos.line);
  if (ascii_[pos.line]) return start + std::min<ByteOffset>(pos.character, end - start);
  std::uint32_t units = 0;
  std::size_t i = start;
  const std::span<const Checkpoint> cps = checkpointsOf(pos.line);
  auto cp = std::upper_bound(cps.begin(), cps.end(), pos.character, [&](std::uint32_t ch, const Checkpoint& c) {
    return ch < c.units(enc, start);
  });
  if (cp != cps.begin()) {
    --cp;
    units = cp->units(enc, start);
    i = cp->byte;
  }
  while (i < end) {
    const Utf8Char c = decodeUtf8(text_, i);
    const std::uint32_t u = unitsOf(c, enc);
    if (units + u > pos.character) break;
    units += u;
    i += c.bytes;
  }
  return static_cast<ByteOffset>(i);
}

TsPoint LineIndex::tsPoint(ByteOffset offset) const {
  offset = std::min<ByteOffset>(offset, static_cast<ByteOffset>(text_.size()));
  // An offset between the "\r" and "\n" of a pair is still on the line
  // before, and the "\r" counts as a column, as tree-sitter counts it.
  const std::uint32_t line = lineOf(offset);
  return {line, offset - starts_[line]};
}

}  // namespace fw
