#pragma once
// Protection against C++ stack overflow in recursive evaluation, compilation
// and printing. Each thread knows the lowest address its stack may reach
// (its real stack bounds, minus a safety margin); a recursive step checks
// the address of a local against it and throws a clean "evaluation limit"
// error instead of overflowing. Deep evaluations run on a thread with a
// large stack (runOnLargeStack) so legitimate deep programs fit.

#include <cstddef>
#include <functional>

namespace fw::eval {

// Lowest usable stack address of the calling thread (computed once per
// thread).
[[nodiscard]] const char* stackLimit();

// True when the caller is too close to the end of its stack.
[[nodiscard]] inline bool stackExhausted() {
  return static_cast<const char*>(__builtin_frame_address(0)) < stackLimit();
}

// Throws EvalError(Limit) when the stack is exhausted.
void checkStack();

// Runs fn on a new thread with a stack of `bytes` and waits for it.
// Exceptions thrown by fn are rethrown in the caller. Called on a thread
// it started itself with at least `bytes`, it runs fn in place.
void runOnLargeStack(std::size_t bytes, const std::function<void()>& fn);

inline constexpr std::size_t kDefaultEvalStack = std::size_t{256} << 20;

}  // namespace fw::eval
