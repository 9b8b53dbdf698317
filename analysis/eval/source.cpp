#include "analysis/eval/source.h"

namespace fw::eval {

std::pair<std::uint32_t, std::uint32_t> SourceFile::lineColumn(ByteOffset o) const {
  const LineIndex& li = lines();
  const std::uint32_t line = li.lineOf(o);
  return {line + 1, o - li.lineStart(line) + 1};
}

std::uint32_t PositionTable::add(const SourceFile* file, ByteRange r) {
  std::lock_guard lock(mutex_);
  entries_.push_back({file, r});
  return static_cast<std::uint32_t>(entries_.size() - 1);
}

PositionTable::Entry PositionTable::get(std::uint32_t id) const {
  std::lock_guard lock(mutex_);
  return id < entries_.size() ? entries_[id] : Entry{};
}

void PositionTable::keep(SourceFilePtr file) {
  std::lock_guard lock(mutex_);
  files_.push_back(std::move(file));
}

}  // namespace fw::eval
