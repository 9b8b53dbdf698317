#pragma once
// Character classes of Nix's lexer, shared by the byte-level scans that run
// before tree-sitter (parser/normalize.cpp, parser/nesting.cpp) and by
// analysis (which names are identifiers).

#include <string_view>

namespace fw::nixchars {

inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool isIdStart(char c) { return isLetter(c) || c == '_'; }
inline bool isIdChar(char c) { return isIdStart(c) || isDigit(c) || c == '\'' || c == '-'; }
// Has the shape of an identifier (a variable can have this name; keywords
// have it too).
inline bool isIdentifier(std::string_view s) {
  if (s.empty() || !isIdStart(s[0])) return false;
  for (char c : s.substr(1))
    if (!isIdChar(c)) return false;
  return true;
}
// [a-zA-Z0-9._+-]: the characters of a path segment.
inline bool isPathChar(char c) { return isLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '-' || c == '+'; }
// The characters after a URI scheme's first letter.
inline bool isSchemeChar(char c) { return isLetter(c) || isDigit(c) || c == '+' || c == '-' || c == '.'; }
inline bool isUriChar(char c) {
  if (isLetter(c) || isDigit(c)) return true;
  switch (c) {
    case '%': case '/': case '?': case ':': case '@': case '&': case '=': case '+': case '$':
    case ',': case '-': case '_': case '.': case '!': case '~': case '*': case '\'':
      return true;
    default:
      return false;
  }
}

}  // namespace fw::nixchars
