#pragma once
// Evaluation errors: a kind (what the server and tests match on), Nix's
// message, the source range of the culprit and a trace of what was being
// evaluated ("while evaluating the attribute 'x'").

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "parser/types.h"

namespace fw::eval {

enum class ErrorKind : std::uint8_t {
  Syntax,             // the file does not parse
  UndefinedVariable,  // undefined variable 'x'
  Type,               // value is an integer while a set was expected, cannot coerce, ...
  MissingAttribute,   // attribute 'x' missing
  DuplicateAttribute, // attribute 'x' already defined
  InfiniteRecursion,  // infinite recursion encountered
  Assertion,          // assertion '...' failed
  Throw,              // throw "..."
  Abort,              // abort "..."
  DivisionByZero,
  Overflow,           // integer division overflow
  MissingArgument,    // function called without required argument
  UnexpectedArgument, // function called with unexpected argument
  NotAFunction,       // attempt to call something which is not a function
  IndexOutOfBounds,
  FileAccess,         // cannot read, outside the allowed roots, not found
  SearchPath,         // <x> not found in the search path
  UnsupportedBuiltin, // a builtin flakewise does not implement
  Limit,              // a budget (steps, depth, memory) was exhausted
  Cancelled,          // the stop token was triggered
  Other,              // everything else Nix calls an evaluation error
};

[[nodiscard]] const char* errorKindName(ErrorKind k);

// A source range in a file (path may be "«string»" for --expr).
struct SourceRange {
  std::string file;
  ByteRange range;
  std::uint32_t line = 0;    // 1-based; 0 = no position
  std::uint32_t column = 0;  // 1-based, in bytes
};

struct TraceFrame {
  std::string message;
  SourceRange where;
};

class EvalError : public std::exception {
 public:
  EvalError(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }
  [[nodiscard]] ErrorKind kind() const { return kind_; }
  [[nodiscard]] const std::string& message() const { return message_; }

  // The innermost culprit's range; set once (the first place that knows).
  [[nodiscard]] bool hasPos() const { return hasPos_; }
  [[nodiscard]] const void* file() const { return file_; }
  [[nodiscard]] ByteRange range() const { return range_; }
  void setPos(const void* file, ByteRange r) {
    if (hasPos_) return;
    hasPos_ = true;
    file_ = file;
    range_ = r;
  }
  // Frames from inner to outer, each a SourceFile pointer and range.
  struct Frame {
    std::string message;
    const void* file;
    ByteRange range;
  };
  void addFrame(std::string message, const void* file, ByteRange r) {
    if (frames_.size() < 64) frames_.push_back({std::move(message), file, r});
  }
  // Whether a trace frame is worth making: not for budgets and
  // cancellation (thousands of frames unwind at once), not past 64.
  [[nodiscard]] bool wantsFrames() const {
    return frames_.size() < 64 && kind_ != ErrorKind::Limit && kind_ != ErrorKind::Cancelled;
  }
  [[nodiscard]] const std::vector<Frame>& frames() const { return frames_; }

  // tryEval catches these, as Nix does.
  [[nodiscard]] bool catchable() const {
    return kind_ == ErrorKind::Throw || kind_ == ErrorKind::Assertion;
  }

 private:
  ErrorKind kind_;
  std::string message_;
  bool hasPos_ = false;
  const void* file_ = nullptr;
  ByteRange range_;
  std::vector<Frame> frames_;
};

}  // namespace fw::eval
