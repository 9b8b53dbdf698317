#include "analysis/eval/compile_strings.h"

namespace fw::eval {

namespace {

// The interpolation children of a string node, in order.
std::vector<Node> interpolations(Node node) {
  std::vector<Node> out;
  forEachChild(node, [&](Node c, TSFieldId) {
    if (c.is(syms().interpolation)) out.push_back(c);
    return true;
  });
  return out;
}

char unescapeChar(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    default:
      return c;
  }
}

void appendText(std::vector<StringPart>& parts, std::string text) {
  if (text.empty()) return;
  if (!parts.empty() && parts.back().interpolation.isNull()) {
    parts.back().text += text;
  } else {
    parts.push_back({std::move(text), Node()});
  }
}

// Text of a "..." string between interpolations: backslash escapes, and CR
// or CR LF become LF (as Nix's unescapeStr does).
std::string unescapeSegment(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      const char n = raw[++i];
      if (n == '\r') {
        out += '\n';
        if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
      } else {
        out += unescapeChar(n);
      }
    } else if (c == '\r') {
      out += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else {
      out += c;
    }
  }
  return out;
}

// A token of an indented string as Nix's lexer makes it.
struct IndToken {
  std::string text;
  bool hasIndentation = false;  // plain text (indentation applies)
  Node interpolation;           // set for ${...}
};

void lexIndentedSegment(std::string_view raw, std::vector<IndToken>& out) {
  std::string text;
  auto flushText = [&] {
    if (!text.empty()) out.push_back({std::move(text), true, Node()});
    text.clear();
  };
  auto special = [&](std::string s) {
    flushText();
    out.push_back({std::move(s), false, Node()});
  };
  for (std::size_t i = 0; i < raw.size();) {
    const char c = raw[i];
    if (c == '\'' && i + 1 < raw.size() && raw[i + 1] == '\'') {
      // '' followed by $, ' or \X: escapes ('' alone ends the string and
      // cannot occur inside a segment).
      if (i + 2 < raw.size() && raw[i + 2] == '$') {
        special("$");
        i += 3;
      } else if (i + 2 < raw.size() && raw[i + 2] == '\'') {
        special("''");
        i += 3;
      } else if (i + 3 < raw.size() && raw[i + 2] == '\\') {
        const char n = raw[i + 3];
        if (n == '\r' && i + 4 < raw.size() && raw[i + 4] == '\n') {
          special("\n");
          i += 5;
        } else {
          special(std::string(1, n == '\r' ? '\n' : unescapeChar(n)));
          i += 4;
        }
      } else {
        text += c;
        ++i;
      }
    } else if (c == '\'' && i + 1 < raw.size() && raw[i + 1] == '$') {
      special("'");
      ++i;
    } else if (c == '$' && (i + 1 >= raw.size() || raw[i + 1] == '\'')) {
      special("$");
      ++i;
    } else {
      text += c;
      ++i;
    }
  }
  flushText();
}

}  // namespace

std::vector<StringPart> decodeString(Node node, std::string_view src) {
  std::vector<StringPart> parts;
  ByteOffset begin = node.start() + 1;
  ByteOffset end = node.end();
  if (end > begin && src[end - 1] == '"') --end;
  for (Node in : interpolations(node)) {
    if (in.start() > begin) appendText(parts, unescapeSegment(src.substr(begin, in.start() - begin)));
    parts.push_back({"", in});
    begin = in.end();
  }
  if (end > begin) appendText(parts, unescapeSegment(src.substr(begin, end - begin)));
  return parts;
}

std::vector<StringPart> decodeIndentedString(Node node, std::string_view src) {
  ByteOffset begin = node.start() + 2;
  ByteOffset end = node.end();
  if (end >= begin + 2 && src.substr(end - 2, 2) == "''") end -= 2;
  // The lexer drops the rest of the opening line when it holds only spaces.
  {
    ByteOffset p = begin;
    while (p < end && src[p] == ' ') ++p;
    if (p < end && src[p] == '\n') begin = p + 1;
  }
  std::vector<IndToken> tokens;
  for (Node in : interpolations(node)) {
    if (in.start() > begin) lexIndentedSegment(src.substr(begin, in.start() - begin), tokens);
    tokens.push_back({"", false, in});
    begin = in.end();
  }
  if (end > begin) lexIndentedSegment(src.substr(begin, end - begin), tokens);

  // Minimum indentation, ignoring whitespace-only lines.
  bool atStartOfLine = true;
  std::size_t minIndent = 1000000;
  std::size_t curIndent = 0;
  for (const IndToken& t : tokens) {
    if (!t.hasIndentation) {
      if (atStartOfLine) {
        atStartOfLine = false;
        minIndent = std::min(minIndent, curIndent);
      }
      continue;
    }
    for (char ch : t.text) {
      if (atStartOfLine) {
        if (ch == ' ') {
          ++curIndent;
        } else if (ch == '\n') {
          curIndent = 0;
        } else {
          atStartOfLine = false;
          minIndent = std::min(minIndent, curIndent);
        }
      } else if (ch == '\n') {
        atStartOfLine = true;
        curIndent = 0;
      }
    }
  }

  // Strip it from every line.
  std::vector<StringPart> parts;
  atStartOfLine = true;
  std::size_t dropped = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const IndToken& t = tokens[k];
    if (!t.interpolation.isNull()) {
      atStartOfLine = false;
      dropped = 0;
      parts.push_back({"", t.interpolation});
      continue;
    }
    std::string s;
    for (char ch : t.text) {
      if (atStartOfLine) {
        if (ch == ' ') {
          if (dropped++ >= minIndent) s += ch;
        } else if (ch == '\n') {
          dropped = 0;
          s += ch;
        } else {
          atStartOfLine = false;
          dropped = 0;
          s += ch;
        }
      } else {
        s += ch;
        if (ch == '\n') atStartOfLine = true;
      }
    }
    // A last line of only spaces is dropped.
    if (k + 1 == tokens.size()) {
      const std::size_t p = s.find_last_of('\n');
      if (p != std::string::npos && s.find_first_not_of(' ', p + 1) == std::string::npos) {
        s.resize(p + 1);
      }
    }
    appendText(parts, std::move(s));
  }
  return parts;
}

}  // namespace fw::eval
