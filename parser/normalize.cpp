#include "parser/normalize.h"

#include <algorithm>
#include <iterator>

#include "parser/nix_chars.h"

namespace fw {

namespace {

using namespace nixchars;

// Skips whitespace and comments from i; returns the next code offset.
std::size_t skipTrivia(std::string_view t, std::size_t i) {
  const std::size_t n = t.size();
  while (i < n) {
    const char c = t[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '#') {
      while (i < n && t[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      const std::size_t close = t.find("*/", i + 2);
      i = close == std::string_view::npos ? n : close + 2;
    } else {
      break;
    }
  }
  return i;
}

// What the scanner is inside of. Interpolations nest: `"${ "${x}" }"`.
enum class Ctx { Code, Brace, String, Indented };

}  // namespace

std::vector<ByteOffset> findTrailingFormalCommas(std::string_view t) {
  return scanNixText(t, nullptr);
}

std::vector<ByteOffset> scanNixText(std::string_view t, std::vector<ByteRange>* codeRuns) {
  std::vector<ByteOffset> out;
  // Code runs: [runStart, i) is code when a non-code region begins.
  std::size_t runStart = 0;
  auto flush = [&](std::size_t end) {
    if (codeRuns && end > runStart)
      codeRuns->push_back({static_cast<ByteOffset>(runStart), static_cast<ByteOffset>(end)});
  };
  // The context stack: Code at the bottom; Brace for '{' and '${' in code
  // (a '${' pushes String/Indented then Brace-as-interpolation, see below).
  std::vector<Ctx> stack{Ctx::Code};
  // For each Brace, whether it closes an interpolation (back into a string).
  std::vector<bool> braceIsInterp;
  const std::size_t n = t.size();
  std::size_t i = 0;
  // The last code character before the current one, ignoring trivia: a
  // trailing comma must follow a formal, not '{', ',' or '...'.
  char prev = 0;
  std::size_t noUriBefore = 0;
  while (i < n) {
    const Ctx ctx = stack.back();
    const char c = t[i];
    if (ctx == Ctx::String) {
      if (c == '\\') { i += 2; continue; }
      if (c == '"') { stack.pop_back(); ++i; runStart = i; continue; }
      if (c == '$' && i + 1 < n && t[i + 1] == '{') {
        stack.push_back(Ctx::Brace); braceIsInterp.push_back(true); i += 2; runStart = i; continue;
      }
      if (c == '$' && i + 1 < n && t[i + 1] == '$') { i += 2; continue; }
      ++i;
      continue;
    }
    if (ctx == Ctx::Indented) {
      if (c == '\'' && i + 1 < n && t[i + 1] == '\'') {
        // ''' and ''$ and ''\x are escapes; otherwise '' ends the string.
        if (i + 2 < n && (t[i + 2] == '\'' || t[i + 2] == '$')) { i += 3; continue; }
        if (i + 2 < n && t[i + 2] == '\\') { i += 4; continue; }
        stack.pop_back(); i += 2; runStart = i; continue;
      }
      if (c == '$' && i + 1 < n && t[i + 1] == '{') {
        stack.push_back(Ctx::Brace); braceIsInterp.push_back(true); i += 2; runStart = i; continue;
      }
      if (c == '$' && i + 1 < n && t[i + 1] == '$') { i += 2; continue; }
      ++i;
      continue;
    }
    // Code or Brace: Nix tokens.
    const char before = prev;
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '#' &&
        !(c == '/' && i + 1 < n && t[i + 1] == '*')) {
      prev = c;
    }
    switch (c) {
      case '#':
      case '/':
        if (c == '#' || (i + 1 < n && t[i + 1] == '*')) {
          flush(i);
          i = skipTrivia(t, i);
          runStart = i;
          continue;
        }
        ++i;
        continue;
      case '"': flush(i); stack.push_back(Ctx::String); ++i; continue;
      case '\'':
        if (i + 1 < n && t[i + 1] == '\'') { flush(i); stack.push_back(Ctx::Indented); i += 2; continue; }
        ++i;
        continue;
      case '{': stack.push_back(Ctx::Brace); braceIsInterp.push_back(false); ++i; continue;
      case '$':
        if (i + 1 < n && t[i + 1] == '{') {
          stack.push_back(Ctx::Brace); braceIsInterp.push_back(false); i += 2; continue;
        }
        ++i;
        continue;
      case '}':
        if (ctx == Ctx::Brace) {
          // The end of an interpolation goes back into its string.
          if (braceIsInterp.back()) flush(i + 1);
          stack.pop_back();
          braceIsInterp.pop_back();
        }
        ++i;
        continue;
      case ',': {
        const std::size_t j = skipTrivia(t, i + 1);
        const bool afterFormal = before != '{' && before != ',' && before != '.';
        if (afterFormal && j < n && t[j] == '}') {
          const std::size_t k = skipTrivia(t, j + 1);
          if (k < n && (t[k] == ':' || t[k] == '@')) out.push_back(static_cast<ByteOffset>(i));
        }
        ++i;
        continue;
      }
      default:
        break;
    }
    if (isIdStart(c) && (i == 0 || !isIdChar(t[i - 1]))) {
      // An identifier, or a URI such as `https://x,y` whose characters
      // (',' and '\'' among them) must not be read as code.
      std::size_t j = i + 1;
      // A failed look for a URI also fails from any later start inside the
      // same run (`a.b.c.…` stays linear).
      if (i >= noUriBefore) {
        while (j < n && isSchemeChar(t[j])) ++j;
        if (!(j + 1 < n && t[j] == ':' && isUriChar(t[j + 1]))) noUriBefore = j;
      }
      if (i >= noUriBefore && j + 1 < n && t[j] == ':' && isUriChar(t[j + 1])) {
        flush(i);
        j += 1;
        while (j < n && isUriChar(t[j])) ++j;
        i = j;
        runStart = i;
        continue;
      }
      j = i + 1;
      while (j < n && isIdChar(t[j])) ++j;
      i = j;
      continue;
    }
    ++i;
  }
  if (stack.back() == Ctx::Code || stack.back() == Ctx::Brace) flush(n);
  return out;
}

std::vector<ByteOffset> findNormalisations(std::string_view text) {
  std::vector<ByteOffset> out = findTrailingFormalCommas(text);
  std::vector<ByteOffset> crs;
  for (std::size_t i = text.find('\r'); i != std::string_view::npos; i = text.find('\r', i + 1)) {
    if (i + 1 >= text.size() || text[i + 1] != '\n') crs.push_back(static_cast<ByteOffset>(i));
  }
  if (crs.empty()) return out;
  std::vector<ByteOffset> merged;
  merged.reserve(out.size() + crs.size());
  std::merge(out.begin(), out.end(), crs.begin(), crs.end(), std::back_inserter(merged));
  return merged;
}

std::string applyNormalisation(std::string_view text, const std::vector<ByteOffset>& at) {
  std::string out(text);
  for (ByteOffset o : at) out[o] = out[o] == '\r' ? '\n' : ' ';
  return out;
}

}  // namespace fw
