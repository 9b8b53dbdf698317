#pragma once
// A bump allocator: everything one evaluation allocates lives until the
// evaluation ends, then the blocks are released at once. Objects in an
// arena must be trivially destructible.
//
// Why not reference counting or a collector: Nix values form cycles through
// every `let` and `rec` (an environment holds thunks that hold the
// environment), evaluations in a language server are short, and a bump
// allocation is a pointer increment. The price is that garbage made during
// one evaluation is kept until it ends; the memory budget (budget.h) bounds
// it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <vector>

namespace fw::eval {

class Arena {
 public:
  Arena() = default;
  // The first block holds `firstBlock` bytes (small arenas for small files).
  explicit Arena(std::size_t firstBlock) : lastSize_(std::max<std::size_t>(firstBlock / 2, 256)) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    for (void* b : blocks_) std::free(b);
  }

  // Memory is 8-byte aligned and uninitialised.
  [[nodiscard]] void* allocate(std::size_t bytes) {
    bytes = (bytes + 7) & ~std::size_t{7};
    if (bytes <= kMaxReusable) {
      if (FreeBlock* f = free_[bytes >> 3]) {
        free_[bytes >> 3] = f->next;
        return f;
      }
    }
    if (static_cast<std::size_t>(end_ - next_) < bytes) grow(bytes);
    void* p = next_;
    next_ += bytes;
    return p;
  }

  // Returns a small block known to be unreachable, for reuse by the next
  // allocation of the same size. Larger blocks are simply kept.
  void release(void* p, std::size_t bytes) {
    bytes = (bytes + 7) & ~std::size_t{7};
    if (bytes > kMaxReusable || bytes < sizeof(FreeBlock)) return;
    auto* f = static_cast<FreeBlock*>(p);
    f->next = free_[bytes >> 3];
    free_[bytes >> 3] = f;
  }

  template <typename T, typename... Args>
  [[nodiscard]] T* make(Args&&... args) {
    return new (allocate(sizeof(T))) T(std::forward<Args>(args)...);
  }

  // A NUL-terminated copy.
  [[nodiscard]] const char* copy(std::string_view s) {
    char* p = static_cast<char*>(allocate(s.size() + 1));
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
  }

  // Bytes taken from the system so far.
  [[nodiscard]] std::size_t reserved() const { return reserved_; }

  // Growing past `bytes` calls `onLimit` (which throws) instead of taking
  // the memory: one allocation can be far larger than the whole budget
  // (`builtins.genList f 100000000`), so the budget is checked before the
  // memory is taken, not only between evaluation steps.
  void setLimit(std::size_t bytes, void (*onLimit)(std::size_t limit)) {
    limit_ = bytes;
    onLimit_ = onLimit;
  }

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  static constexpr std::size_t kMaxReusable = 128;
  FreeBlock* free_[kMaxReusable / 8 + 1] = {};

  void grow(std::size_t need) {
    // Blocks double up to 4 MiB; oversized requests get their own block.
    std::size_t size = std::min<std::size_t>(lastSize_ * 2, 4 << 20);
    lastSize_ = size;
    if (size < need) size = need;
    if (onLimit_ && reserved_ + size > limit_) {
      // A block of the usual size may still fit what is needed.
      if (need < size && reserved_ + need <= limit_) {
        size = need;
      } else {
        onLimit_(limit_);
      }
    }
    void* b = std::malloc(size);
    if (!b) throw std::bad_alloc();
    blocks_.push_back(b);
    reserved_ += size;
    next_ = static_cast<char*>(b);
    end_ = next_ + size;
  }

  std::vector<void*> blocks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  std::size_t lastSize_ = 32 * 1024;
  std::size_t reserved_ = 0;
  std::size_t limit_ = 0;
  void (*onLimit_)(std::size_t) = nullptr;
};

}  // namespace fw::eval
