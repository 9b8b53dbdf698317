#pragma once
// Interned names. Attribute names and variables are compared as integers;
// the table is shared by every evaluation of one Evaluator (compiled files
// are cached across evaluations and carry symbol ids), so interning is
// thread-safe. Reading a name by id takes no lock: names live in fixed
// chunks that never move.

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/eval/value.h"

namespace fw::eval {

class SymbolTable {
 public:
  SymbolTable();
  ~SymbolTable();
  SymbolTable(const SymbolTable&) = delete;
  SymbolTable& operator=(const SymbolTable&) = delete;

  [[nodiscard]] Symbol intern(std::string_view name);
  // Invariant: `s` came from intern() of this table.
  [[nodiscard]] std::string_view name(Symbol s) const {
    return chunks_[s >> kChunkBits].load(std::memory_order_acquire)[s & kChunkMask];
  }
  [[nodiscard]] std::size_t size() const { return count_.load(std::memory_order_acquire); }

 private:
  static constexpr unsigned kChunkBits = 12;
  static constexpr Symbol kChunkMask = (1u << kChunkBits) - 1;
  static constexpr std::size_t kMaxChunks = 1u << 16;

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::mutex mutex_;
  std::unordered_map<std::string_view, Symbol, Hash, std::equal_to<>> index_;
  std::unique_ptr<std::atomic<std::string_view*>[]> chunks_;
  std::atomic<std::size_t> count_{0};
  // Name bytes, in blocks that never move.
  std::vector<std::unique_ptr<char[]>> text_;
  std::size_t textLeft_ = 0;
  char* textNext_ = nullptr;
};

}  // namespace fw::eval
