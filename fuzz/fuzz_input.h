#pragma once
// Helpers shared by the fuzz targets: reading control values from a fuzz
// input, and a check that stops the run with a message (libFuzzer then
// saves the input as a crash).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fw::fuzz {

// Reads control values from the END of the input and leaves the front as
// data, like libFuzzer's FuzzedDataProvider: a mutation of the text then
// rarely changes the controls, and the other way round.
class InputReader {
 public:
  InputReader(const std::uint8_t* data, std::size_t size)
      : data_(reinterpret_cast<const char*>(data)), size_(size) {}

  [[nodiscard]] std::uint8_t byte() {
    if (size_ == 0) return 0;
    --size_;
    return static_cast<std::uint8_t>(data_[size_]);
  }
  [[nodiscard]] std::uint16_t u16() { return static_cast<std::uint16_t>(byte() << 8 | byte()); }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t remaining() const { return size_; }
  // The first n bytes still unread (clamped), taken from the front.
  [[nodiscard]] std::string_view front(std::size_t n) {
    n = n < size_ ? n : size_;
    std::string_view s(data_, n);
    data_ += n;
    size_ -= n;
    return s;
  }
  // Everything not consumed yet.
  [[nodiscard]] std::string_view rest() { return front(size_); }

 private:
  const char* data_;
  std::size_t size_;
};

// A scaled pick in [0, n]: `r` (0..65535) mapped onto the range.
[[nodiscard]] inline std::size_t scaled(std::uint16_t r, std::size_t n) {
  return static_cast<std::size_t>((static_cast<std::uint64_t>(r) * (n + 1)) >> 16);
}

[[noreturn]] inline void failed(const char* what, const char* file, int line, const std::string& detail) {
  std::fprintf(stderr, "\n==fuzz== check failed: %s\n  at %s:%d\n%s%s", what, file, line,
               detail.c_str(), detail.empty() || detail.back() == '\n' ? "" : "\n");
  std::abort();
}

}  // namespace fw::fuzz

// FUZZ_CHECK(cond) or FUZZ_CHECK(cond, detail-string): aborts with the
// condition's text and where it failed.
#define FUZZ_CHECK(cond, ...)                                                          \
  do {                                                                                 \
    if (!(cond)) ::fw::fuzz::failed(#cond, __FILE__, __LINE__, std::string(__VA_ARGS__)); \
  } while (0)
