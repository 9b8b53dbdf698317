#include "analysis/eval/symbols.h"

#include <cstring>
#include <stdexcept>

namespace fw::eval {

SymbolTable::SymbolTable() : chunks_(new std::atomic<std::string_view*>[kMaxChunks]) {
  for (std::size_t i = 0; i < kMaxChunks; ++i) chunks_[i].store(nullptr);
}

SymbolTable::~SymbolTable() {
  for (std::size_t i = 0; i < kMaxChunks; ++i) delete[] chunks_[i].load();
}

Symbol SymbolTable::intern(std::string_view name) {
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(name); it != index_.end()) return it->second;
  const std::size_t id = count_.load(std::memory_order_relaxed);
  if (id >= kMaxChunks << kChunkBits) throw std::length_error("too many distinct names");
  // Copy the bytes into a stable block.
  if (textLeft_ < name.size() + 1) {
    const std::size_t size = std::max<std::size_t>(64 * 1024, name.size() + 1);
    text_.emplace_back(new char[size]);
    textNext_ = text_.back().get();
    textLeft_ = size;
  }
  char* bytes = textNext_;
  if (!name.empty()) std::memcpy(bytes, name.data(), name.size());
  bytes[name.size()] = '\0';
  textNext_ += name.size() + 1;
  textLeft_ -= name.size() + 1;
  const std::string_view stored(bytes, name.size());

  std::string_view* chunk = chunks_[id >> kChunkBits].load(std::memory_order_relaxed);
  if (!chunk) {
    chunk = new std::string_view[1u << kChunkBits];
    chunks_[id >> kChunkBits].store(chunk, std::memory_order_release);
  }
  chunk[id & kChunkMask] = stored;
  count_.store(id + 1, std::memory_order_release);
  const auto sym = static_cast<Symbol>(id);
  index_.emplace(stored, sym);
  return sym;
}

}  // namespace fw::eval
