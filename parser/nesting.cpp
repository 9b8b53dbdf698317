#include "parser/nesting.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "parser/nix_chars.h"

namespace fw {

namespace {

using namespace nixchars;

// What is open. Hard frames end at a bracket or quote; soft ones at a
// keyword or ';' (and with their hard frame).
enum class Kind : std::uint8_t {
  Top, Paren, List, Set, Interp, String, Indented,  // hard
  Let, If, Then, Header                             // soft: `let`, `if`, `then`, `with`/`assert`
};
bool isHard(Kind k) { return k <= Kind::Indented; }

struct Frame {
  Kind kind;
  std::uint32_t cost;       // entries the frame itself holds on Nix's stack
  std::uint32_t pending;    // entries of unfinished constructs in it
  std::uint32_t transient;  // unary operators waiting for their operand
};

// How far ';', `in`, `then` and `else` look for their frame among soft
// frames (bounded: a run of stray keywords stays linear).
constexpr std::size_t kReach = 64;

class Gauge {
 public:
  explicit Gauge(std::string_view t) : t_(t) {
    frames_.push_back({Kind::Top, 0, 0, 0});
    hard_.push_back(0);
  }

  NestingScan run() {
    const std::size_t n = t_.size();
    std::size_t i = 0;
    while (i < n && out_.stop == std::string_view::npos) {
      const Kind k = frames_.back().kind;
      i = (k == Kind::String || k == Kind::Indented) ? stringToken(i, k == Kind::Indented) : codeToken(i);
    }
    return std::move(out_);
  }

 private:
  std::string_view t_;
  std::vector<Frame> frames_;
  std::vector<std::size_t> hard_;  // indices of the hard frames in frames_
  // Where the last failed look for a path or URI ended: no token starting
  // before it can be one either (keeps runs like `a.b.c.…` linear).
  std::size_t noPathBefore_ = 0;
  std::size_t noUriBefore_ = 0;
  std::size_t depth_ = 0;
  NestingScan out_;
  std::size_t comments_ = 0;   // comments since the last code token
  std::size_t runTokens_ = 0;  // tokens in the current run of path characters
  std::size_t at_ = 0;         // the current token's start
  bool operand_ = false;       // the previous token ends an operand
  bool closedSet_ = false;     // the previous token is the '}' of a set (formals)
  bool dot_ = false;           // the previous token is '.'
  bool rec_ = false;           // the previous token is `rec`

  char at(std::size_t i) const { return i < t_.size() ? t_[i] : '\0'; }

  void grow(std::size_t units) {
    depth_ += units;
    if (depth_ > kMaxNesting) stop(NestingScan::Why::Nesting);
  }
  void stop(NestingScan::Why why) {
    if (out_.stop != std::string_view::npos) return;
    out_.stop = at_;
    out_.why = why;
  }
  void comment(std::size_t start, std::size_t end) {
    runTokens_ = 0;
    if (++comments_ <= kMaxCommentRun) return;
    const auto s = static_cast<ByteOffset>(start), e = static_cast<ByteOffset>(end);
    if (!out_.hiddenComments.empty() &&
        t_.substr(out_.hiddenComments.back().end, s - out_.hiddenComments.back().end)
                .find_first_not_of(" \t\r\n") == std::string_view::npos) {
      out_.hiddenComments.back().end = e;
    } else {
      out_.hiddenComments.push_back({s, e});
    }
  }
  void add(std::uint32_t units) {
    frames_.back().pending += units;
    grow(units);
  }
  void addTransient() {
    frames_.back().transient += 1;
    grow(1);
  }
  void push(Kind k, std::uint32_t cost) {
    if (isHard(k)) hard_.push_back(frames_.size());
    frames_.push_back({k, cost, 0, 0});
    grow(cost);
  }
  void pop() {
    const Frame& f = frames_.back();
    depth_ -= f.cost + f.pending + f.transient;
    if (isHard(f.kind)) hard_.pop_back();
    frames_.pop_back();
  }
  void reset() {
    Frame& f = frames_.back();
    depth_ -= f.pending + f.transient;
    f.pending = f.transient = 0;
  }
  // An operand ended: the unary operators before it are applied.
  void operandEnds() {
    Frame& f = frames_.back();
    depth_ -= f.transient;
    f.transient = 0;
  }
  // Opening a bracket after an operand applies a function to it: one more
  // entry (not in a list, whose elements are separate).
  std::uint32_t application(bool after) const { return after && frames_.back().kind != Kind::List ? 1 : 0; }

  // The soft frame of kind `k` nearest the top (within kReach, above the
  // nearest hard frame), or -1.
  long findSoft(Kind k) const {
    for (std::size_t j = frames_.size(), seen = 0; j-- > 0 && seen < kReach; ++seen) {
      if (frames_[j].kind == k) return static_cast<long>(j);
      if (isHard(frames_[j].kind)) return -1;
    }
    return -1;
  }
  void popTo(std::size_t index) {
    while (frames_.size() > index) pop();
  }
  // Closes the nearest hard frame if it is one of `a`/`b` (with the soft
  // frames above it); a stray closer changes nothing.
  bool close(Kind a, Kind b) {
    const std::size_t j = hard_.back();
    if (frames_[j].kind != a && frames_[j].kind != b) return false;
    popTo(j);
    operandEnds();
    return true;
  }

  // One token of code from i; returns the offset after it.
  std::size_t codeToken(std::size_t i) {
    const char c = t_[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      runTokens_ = 0;
      const std::size_t next = t_.find_first_not_of(" \t\n\r", i + 1);
      return next == std::string_view::npos ? t_.size() : next;
    }
    if (c == '#') {
      // The newline stays visible: rows do not move when it is hidden.
      const std::size_t nl = t_.find('\n', i);
      const std::size_t end = nl == std::string_view::npos ? t_.size() : nl;
      comment(i, end);
      return end;
    }
    if (c == '/' && at(i + 1) == '*') {
      const std::size_t close = t_.find("*/", i + 2);
      const std::size_t end = close == std::string_view::npos ? t_.size() : close + 2;
      comment(i, end);
      return end;
    }
    at_ = i;
    comments_ = 0;
    // Tokens that touch inside one run of path characters.
    const bool touching = i > 0 && (isPathChar(t_[i - 1]) || t_[i - 1] == '/') && (isPathChar(c) || c == '/');
    runTokens_ = touching ? runTokens_ + 1 : 1;
    if (runTokens_ > kMaxRunTokens) {
      stop(NestingScan::Why::LongRun);
      return i + 1;
    }
    const bool operandBefore = operand_;
    const bool closedSetBefore = closedSet_;
    const bool dotBefore = dot_;
    const bool recBefore = rec_;
    operand_ = closedSet_ = dot_ = rec_ = false;
    // A binary operator with no operand before it: a syntax error in Nix;
    // tree-sitter keeps adding such operators to one ERROR node.
    auto binary = [&](std::size_t len) {
      if (!operandBefore) add(1);
      return i + len;
    };
    if (const std::size_t end = pathEnd(i); end != std::string_view::npos) {
      operand_ = true;
      operandEnds();
      return end;
    }
    if (isIdStart(c)) return word(i);
    if (isDigit(c) || (c == '.' && isDigit(at(i + 1)))) {
      std::size_t j = i;
      while (isDigit(at(j)) || at(j) == '.') ++j;
      if ((at(j) == 'e' || at(j) == 'E') && (isDigit(at(j + 1)) || ((at(j + 1) == '+' || at(j + 1) == '-') && isDigit(at(j + 2))))) {
        j += 2;
        while (isDigit(at(j))) ++j;
      }
      operand_ = true;
      operandEnds();
      return j;
    }
    switch (c) {
      case '(':
        push(Kind::Paren, 1 + application(operandBefore));
        return i + 1;
      case '[':
        push(Kind::List, 2 + application(operandBefore));
        return i + 1;
      case '{':
        push(Kind::Set, 2 + (recBefore ? 1 : 0) + application(operandBefore));
        return i + 1;
      case '"':
        push(Kind::String, 1 + application(operandBefore));
        return i + 1;
      case '\'':
        if (at(i + 1) == '\'') {
          push(Kind::Indented, 2 + application(operandBefore));
          return i + 2;
        }
        add(1);
        return i + 1;
      case '$':
        if (at(i + 1) == '{') {
          push(Kind::Interp, dotBefore ? 3 : 1);
          return i + 2;
        }
        add(1);
        return i + 1;
      case ')':
        operand_ = close(Kind::Paren, Kind::Paren);
        return i + 1;
      case ']':
        operand_ = close(Kind::List, Kind::List);
        return i + 1;
      case '}': {
        const bool set = frames_[hard_.back()].kind == Kind::Set;
        operand_ = close(Kind::Set, Kind::Interp);
        closedSet_ = operand_ && set;
        return i + 1;
      }
      case ';':
        semicolon();
        return i + 1;
      case ',':
        // Ends a formal's default value (`{ a ? x ++ y, b }`).
        if (frames_.back().kind == Kind::Set) reset();
        return i + 1;
      case ':':
        add(closedSetBefore ? 4 : 2);
        return i + 1;
      case '=':
        if (at(i + 1) == '=') return binary(2);
        if (frames_.back().kind == Kind::Set || frames_.back().kind == Kind::Let) add(2);
        return i + 1;
      case '!':
        if (at(i + 1) == '=') return binary(2);
        if (operandBefore) add(1); else addTransient();
        return i + 1;
      case '-':
        if (at(i + 1) == '>') {
          add(2);
          return i + 2;
        }
        if (!operandBefore) addTransient();
        return i + 1;
      case '+':
        if (at(i + 1) == '+') {
          add(2);
          return i + 2;
        }
        return binary(1);
      case '/':
        if (at(i + 1) == '/') {
          add(2);
          return i + 2;
        }
        return binary(1);
      case '.':
        if (at(i + 1) == '.' && at(i + 2) == '.') {
          operand_ = true;
          return i + 3;
        }
        dot_ = true;
        return binary(1);
      case '&':
      case '|':
        return binary(at(i + 1) == c ? 2 : 1);
      case '<':
      case '>':
        return binary(at(i + 1) == '=' ? 2 : 1);
      case '*':
      case '?':
      case '@':
        return binary(1);
      default:
        // Not a Nix token (a stray byte): an error, which tree-sitter may
        // gather with others into one ERROR node.
        add(1);
        return i + 1;
    }
  }

  // A path (`./a`, `a/b`, `/a`, `~/a`, `<a/b>`) at i: its end, or npos.
  std::size_t pathEnd(std::size_t i) {
    if (i < noPathBefore_) return std::string_view::npos;
    const char c = t_[i];
    if (c == '<') {
      std::size_t j = i + 1;
      while (isPathChar(at(j)) || at(j) == '/') ++j;
      return j > i + 1 && at(j) == '>' ? j + 1 : std::string_view::npos;
    }
    std::size_t j = i;
    if (c == '~') {
      ++j;
      if (at(j) != '/') return std::string_view::npos;
    } else {
      while (isPathChar(at(j))) ++j;
    }
    bool segments = false;
    while (at(j) == '/' && isPathChar(at(j + 1))) {
      j += 1;
      while (isPathChar(at(j))) ++j;
      segments = true;
    }
    // An interpolation continues the path (`./a/${b}`): the path ends
    // before it.
    if (!segments && !(at(j) == '/' && at(j + 1) == '$' && at(j + 2) == '{')) {
      noPathBefore_ = j;
      return std::string_view::npos;
    }
    if (!segments) return j + 1;
    return j;
  }

  std::size_t word(std::size_t i) {
    std::size_t j = i + 1;
    if (i >= noUriBefore_) {
      while (isSchemeChar(at(j))) ++j;
      if (at(j) != ':' || !isUriChar(at(j + 1))) noUriBefore_ = j;
    }
    if (i >= noUriBefore_ && at(j) == ':' && isUriChar(at(j + 1))) {
      j += 1;
      while (isUriChar(at(j))) ++j;
      operand_ = true;
      operandEnds();
      return j;
    }
    j = i + 1;
    while (isIdChar(at(j))) ++j;
    const std::string_view w = t_.substr(i, j - i);
    if (w == "if") {
      push(Kind::If, 1);
    } else if (w == "then") {
      if (const long f = findSoft(Kind::If); f >= 0) {
        popTo(static_cast<std::size_t>(f));
        push(Kind::Then, 3);
      } else {
        add(1);
      }
    } else if (w == "else") {
      if (const long f = findSoft(Kind::Then); f >= 0) {
        popTo(static_cast<std::size_t>(f));
        add(5);
      } else {
        add(1);
      }
    } else if (w == "with" || w == "assert") {
      push(Kind::Header, 1);
    } else if (w == "let") {
      push(Kind::Let, 2);
    } else if (w == "in") {
      if (const long f = findSoft(Kind::Let); f >= 0) {
        popTo(static_cast<std::size_t>(f));
        add(3);
      } else {
        add(1);
      }
    } else if (w == "rec") {
      rec_ = true;
    } else if (w == "or") {
      // `x.a or y.b or …` nests (four entries a level in Nix). Counted
      // until the statement ends: more than 5,000 `or` in one binding or
      // bracket stops the parse, where Nix allows them unnested.
      add(2);
    } else if (w != "inherit") {
      operand_ = true;
      operandEnds();
    }
    return j;
  }

  // ';' ends a `with`/`assert` header, else a binding (which drops what it
  // left open: `{ a = if x; }`).
  void semicolon() {
    for (std::size_t j = frames_.size(), seen = 0; j-- > 0 && seen < kReach; ++seen) {
      const Kind k = frames_[j].kind;
      if (k == Kind::Header) {
        popTo(j);
        add(3);
        return;
      }
      if (k == Kind::Set || k == Kind::Let) {
        popTo(j + 1);
        reset();
        return;
      }
      if (k != Kind::If && k != Kind::Then) return;
    }
  }

  // One token inside a string from i.
  std::size_t stringToken(std::size_t i, bool indented) {
    const char c = t_[i];
    if (!indented) {
      if (c == '\\') return i + 2;
      if (c == '"') {
        at_ = i;
        runTokens_ = 0;
        pop();
        operand_ = true;
        operandEnds();
        return i + 1;
      }
    } else if (c == '\'' && at(i + 1) == '\'') {
      const char e = at(i + 2);
      if (e == '\'' || e == '$') return i + 3;
      if (e == '\\') return i + 4;
      at_ = i;
      runTokens_ = 0;
      pop();
      operand_ = true;
      operandEnds();
      return i + 2;
    }
    if (c == '$' && at(i + 1) == '{') {
      at_ = i;
      push(Kind::Interp, 1);
      operand_ = false;
      return i + 2;
    }
    if (c == '$' && at(i + 1) == '$') return i + 2;
    return i + 1;
  }
};

}  // namespace

NestingScan scanNesting(std::string_view text) {
  // Every entry, comment and token takes at least one byte.
  if (text.size() <= std::min({kMaxNesting, kMaxCommentRun, kMaxRunTokens})) return {};
  return Gauge(text).run();
}

std::size_t findTooDeepNesting(std::string_view text) { return scanNesting(text).stop; }

}  // namespace fw
