#pragma once
// Maps byte offsets to line/column positions and back.
//
// Lines end at "\n", "\r\n" or a lone "\r" (as LSP defines them). Columns are
// counted in the negotiated encoding: UTF-8 bytes, UTF-16 code units (the LSP
// default) or UTF-32 code points. Invalid UTF-8 counts one unit per byte, the
// same way in both directions, so conversions always round-trip.
//
// tree-sitter has its own notion of a point: rows split at "\n" and columns
// in bytes. flakewise hands tree-sitter a text where each lone "\r" is a
// "\n" (see normalize.h), so its rows are exactly the LSP lines and
// `tsPoint` is the LSP line with a byte column.

#include <span>
#include <string_view>
#include <vector>

#include "parser/types.h"

namespace fw {

enum class PositionEncoding { Utf8, Utf16, Utf32 };

struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

struct TsPoint {
  std::uint32_t row = 0;
  std::uint32_t column = 0;
  friend bool operator==(const TsPoint&, const TsPoint&) = default;
};

// Invariant: the text a LineIndex was built from outlives it and is not
// modified (SyntaxTree owns both).
class LineIndex {
 public:
  LineIndex() : LineIndex(std::string_view{}) {}
  explicit LineIndex(std::string_view text);

  [[nodiscard]] std::uint32_t lineCount() const { return static_cast<std::uint32_t>(starts_.size()); }
  [[nodiscard]] ByteOffset lineStart(std::uint32_t line) const;
  // End of the line's content, before its terminator.
  [[nodiscard]] ByteOffset lineEnd(std::uint32_t line) const;
  [[nodiscard]] std::uint32_t lineOf(ByteOffset offset) const;

  // Offsets past the end clamp to the end of the text.
  [[nodiscard]] Position position(ByteOffset offset, PositionEncoding enc) const;
  // Positions past the end of a line clamp to the line's end; lines past the
  // end clamp to the end of the text; a position inside a multi-unit
  // character resolves to the character's start.
  [[nodiscard]] ByteOffset offset(Position pos, PositionEncoding enc) const;

  [[nodiscard]] TsPoint tsPoint(ByteOffset offset) const;
  // A "\r" not followed by "\n" ends a line somewhere in the text.
  [[nodiscard]] bool hasLoneCr() const { return loneCr_; }

  [[nodiscard]] std::string_view text() const { return text_; }

 private:
  // On long lines that are not pure ASCII, the units before every ~256th
  // byte (at character starts), so that a conversion decodes at most that
  // much: a one-line file with many diagnostics stays linear.
  struct Checkpoint {
    ByteOffset byte;
    std::uint32_t utf16;
    std::uint32_t utf32;
    [[nodiscard]] std::uint32_t units(PositionEncoding enc, ByteOffset lineStart) const {
      return enc == PositionEncoding::Utf8 ? byte - lineStart : enc == PositionEncoding::Utf16 ? utf16 : utf32;
    }
  };
  static constexpr ByteOffset kCheckpointBytes = 256;
  // The line's checkpoints (empty for most lines).
  [[nodiscard]] std::span<const Checkpoint> checkpointsOf(std::uint32_t line) const;

  std::string_view text_;
  std::vector<ByteOffset> starts_;   // start offset of each LSP line
  std::vector<bool> ascii_;          // line content is pure ASCII
  bool loneCr_ = false;
  std::vector<Checkpoint> checkpoints_;
  // Index of each line's first checkpoint, lineCount() + 1 entries; empty
  // when no line has any.
  std::vector<std::uint32_t> firstCheckpoint_;
};

// Decodes one UTF-8 character at text[i]: its length in bytes (1 for an
// invalid byte) and whether it needs a UTF-16 surrogate pair.
struct Utf8Char {
  std::uint32_t bytes;
  std::uint32_t codePoint;  // 0xFFFD for an invalid byte
};
[[nodiscard]] Utf8Char decodeUtf8(std::string_view text, std::size_t i);
// Byte offset of the first invalid UTF-8 sequence, or npos.
[[nodiscard]] std::size_t findInvalidUtf8(std::string_view text);

}  // namespace fw
