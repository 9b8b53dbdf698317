#include "analysis/eval/stack_guard.h"

#include <pthread.h>

#include <exception>
#include <stdexcept>
#include <system_error>

#include "analysis/eval/error.h"

namespace fw::eval {

namespace {

// Room left for the work done between two checks (a builtin, std::regex,
// printing a line) and for signal handlers.
constexpr std::size_t kMargin = 512 * 1024;

const char* computeLimit() {
  pthread_attr_t attr;
  void* addr = nullptr;
  std::size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
  }
  if (!addr || size <= 2 * kMargin) {
    // Unknown bounds: assume 1 MiB below the current frame.
    const char* here = static_cast<const char*>(__builtin_frame_address(0));
    return here - (1 << 20) + kMargin;
  }
  return static_cast<const char*>(addr) + kMargin;
}

}  // namespace

const char* stackLimit() {
  thread_local const char* limit = computeLimit();
  return limit;
}

void checkStack() {
  if (stackExhausted()) {
    throw EvalError(ErrorKind::Limit,
                    "evaluation limit reached: stack depth exceeded (possible infinite recursion)");
  }
}

namespace {
struct Job {
  const std::function<void()>* fn;
  std::exception_ptr error;
  std::size_t bytes = 0;
};

// The stack size of the current thread when runOnLargeStack made it: a
// call from inside (an API call made while another runs) runs in place
// instead of starting one more thread.
thread_local std::size_t largeStack = 0;

void* trampoline(void* p) {
  auto* job = static_cast<Job*>(p);
  largeStack = job->bytes;
  try {
    (*job->fn)();
  } catch (...) {
    job->error = std::current_exception();
  }
  return nullptr;
}
}  // namespace

void runOnLargeStack(std::size_t bytes, const std::function<void()>& fn) {
  if (largeStack >= bytes) {
    fn();
    return;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, bytes);
  Job job{&fn, nullptr, bytes};
  pthread_t thread;
  const int rc = pthread_create(&thread, &attr, &trampoline, &job);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    // No thread (resource limits): run here, still guarded.
    fn();
    return;
  }
  pthread_join(thread, nullptr);
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace fw::eval
