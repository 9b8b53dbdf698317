#pragma once
// Text helpers shared by flakewise's two JSON readers (builtins.fromJSON
// in the evaluator, flake.lock in analysis/flakes) and the TOML reader:
// JSON string bodies and `\u` escapes, UTF-8 output.

#include <cstdint>
#include <string>
#include <string_view>

namespace fw {

// Appends code point `cp` (at most U+10FFFF) as UTF-8.
inline void appendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

struct JsonUnicodeEscape {
  std::uint32_t codePoint = 0;
  const char* error = nullptr;  // set when the escape is not valid JSON
};

// Reads a JSON `\uXXXX` escape whose hex digits start at text[pos] (just
// after "\u"), and the `\uXXXX` low surrogate after it when the first is a
// high surrogate; advances `pos` past what it read. A surrogate must come
// in a pair, as in Nix's reader (the errors are its words).
inline JsonUnicodeEscape readJsonUnicodeEscape(std::string_view text, std::size_t& pos) {
  auto hex4 = [&](std::uint32_t& v) {
    v = 0;
    for (int i = 0; i < 4; ++i, ++pos) {
      if (pos >= text.size()) return false;
      const char h = text[pos];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') v |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= static_cast<std::uint32_t>(h - 'A' + 10);
      else return false;
    }
    return true;
  };
  JsonUnicodeEscape r;
  if (!hex4(r.codePoint)) {
    r.error = "a \\u escape needs four hex digits";
    return r;
  }
  if (r.codePoint >= 0xdc00 && r.codePoint < 0xe000) {
    r.error = "surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF";
  } else if (r.codePoint >= 0xd800 && r.codePoint < 0xdc00) {
    std::uint32_t lo = 0;
    if (text.substr(pos, 2) == "\\u") {
      pos += 2;
      if (!hex4(lo)) {
        r.error = "a \\u escape needs four hex digits";
        return r;
      }
    }
    if (lo < 0xdc00 || lo >= 0xe000) r.error = "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF";
    else r.codePoint = 0x10000 + ((r.codePoint - 0xd800) << 10) + (lo - 0xdc00);
  }
  return r;
}

// Reads the rest of a JSON string whose opening quote is just before
// text[pos], decoding its escapes into `out`; `pos` ends just after the
// closing quote. Returns "" or what is wrong, with `pos` at the problem.
inline std::string readJsonStringBody(std::string_view text, std::size_t& pos, std::string& out) {
  for (;;) {
    if (pos >= text.size()) return "unterminated string";
    const char c = text[pos];
    if (c == '"') {
      ++pos;
      return {};
    }
    if (static_cast<unsigned char>(c) < 0x20) return "control character in a string (escape it)";
    ++pos;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (pos >= text.size()) return "unterminated string";
    const char e = text[pos++];
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        const JsonUnicodeEscape u = readJsonUnicodeEscape(text, pos);
        if (u.error != nullptr) return u.error;
        appendUtf8(out, u.codePoint);
        break;
      }
      default:
        --pos;
        return std::string("invalid escape '\\") + e + "'";
    }
  }
}

}  // namespace fw
