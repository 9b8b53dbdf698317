#include <doctest/doctest.h>

#include "parser/line_index.h"

using namespace fw;

TEST_CASE("line index splits LF, CRLF and lone CR lines") {
  const std::string text = "a\nbc\r\nd\re";
  LineIndex idx(text);
  CHECK(idx.lineCount() == 4);
  CHECK(idx.lineStart(1) == 2);
  CHECK(idx.lineEnd(1) == 4);  // before "\r\n"
  CHECK(idx.lineStart(2) == 6);
  CHECK(idx.lineStart(3) == 8);
  CHECK(idx.position(5, PositionEncoding::Utf16) == Position{1, 2});  // inside CRLF: line end
  CHECK(idx.offset({3, 0}, PositionEncoding::Utf16) == 8);
  CHECK(idx.offset({3, 5}, PositionEncoding::Utf16) == 9);   // clamps to line end
  CHECK(idx.offset({9, 0}, PositionEncoding::Utf16) == 9);   // past the last line: end
  CHECK(idx.position(100, PositionEncoding::Utf16) == Position{3, 1});
}

TEST_CASE("columns in UTF-8, UTF-16 and UTF-32") {
  // "é" is 2 bytes / 1 UTF-16 unit; "😀" is 4 bytes / 2 UTF-16 units.
  const std::string text = "x = \"é😀z\";";
  LineIndex idx(text);
  const ByteOffset z = static_cast<ByteOffset>(text.find('z'));
  CHECK(idx.position(z, PositionEncoding::Utf8) == Position{0, 11});
  CHECK(idx.position(z, PositionEncoding::Utf16) == Position{0, 8});
  CHECK(idx.position(z, PositionEncoding::Utf32) == Position{0, 7});
  CHECK(idx.offset({0, 8}, PositionEncoding::Utf16) == z);
  CHECK(idx.offset({0, 7}, PositionEncoding::Utf32) == z);
  // Inside the surrogate pair: the character's start.
  CHECK(idx.offset({0, 7}, PositionEncoding::Utf16) == z - 4);
  // Inside a multi-byte UTF-8 sequence: the character's start.
  CHECK(idx.offset({0, 6}, PositionEncoding::Utf8) == 5);
}

TEST_CASE("every offset round-trips through every encoding") {
  const std::string text = "a😀\n\xff\xfe é\r\nλx: x\rlast";
  LineIndex idx(text);
  for (auto enc : {PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32}) {
    for (ByteOffset o = 0; o <= text.size(); ++o) {
      const Position p = idx.position(o, enc);
      const ByteOffset back = idx.offset(p, enc);
      // Offsets at character starts survive; others land on their start.
      CHECK(back <= o);
      CHECK(idx.position(back, enc) == p);
    }
  }
}

TEST_CASE("invalid UTF-8 counts one unit per byte") {
  const std::string text = "\xff\xfez";
  LineIndex idx(text);
  CHECK(idx.position(2, PositionEncoding::Utf16) == Position{0, 2});
  CHECK(idx.offset({0, 2}, PositionEncoding::Utf16) == 2);
  CHECK(findInvalidUtf8(text) == 0);
  CHECK(findInvalidUtf8("ok é") == std::string_view::npos);
  CHECK(findInvalidUtf8("\xed\xa0\x80") == 0);  // an encoded surrogate
  CHECK(findInvalidUtf8("\xc0\xaf") == 0);      // overlong
}

TEST_CASE("tree-sitter points follow LSP lines (lone CR is normalised to LF)") {
  const std::string text = "a\rb\nc";
  LineIndex idx(text);
  CHECK(idx.hasLoneCr());
  CHECK(idx.tsPoint(2) == TsPoint{1, 0});
  CHECK(idx.tsPoint(4) == TsPoint{2, 0});
  const std::string crlf = "a\r\nb";
  LineIndex idx2(crlf);
  CHECK(idx2.tsPoint(1) == TsPoint{0, 1});
  CHECK(idx2.tsPoint(2) == TsPoint{0, 2});
  CHECK(idx2.tsPoint(3) == TsPoint{1, 0});
}

TEST_CASE("long ASCII and mixed lines use the fast path consistently") {
  std::string text(1000, 'a');
  text += "\n";
  text += std::string(30, 'b') + "é" + std::string(30, 'c');
  LineIndex idx(text);
  CHECK(idx.lineCount() == 2);
  CHECK(idx.position(999, PositionEncoding::Utf16) == Position{0, 999});
  const ByteOffset afterE = 1001 + 32;
  CHECK(idx.position(afterE, PositionEncoding::Utf16) == Position{1, 31});
  CHECK(idx.offset({1, 31}, PositionEncoding::Utf16) == afterE);
}
