#pragma once
// A small JSON reader that keeps where every value is (byte ranges), so
// that problems in flake.lock can be shown at their place. Strict RFC 8259
// (no comments, no trailing commas); nesting is capped.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/types.h"

namespace fw::flakes {

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  ByteRange range;
  std::string text;  // String: decoded; Number: as written; Bool: "true"/"false"
  std::vector<JsonValue> items;  // Array
  struct Member;
  std::vector<Member> members;  // Object, in order

  [[nodiscard]] const JsonValue* get(std::string_view key) const;
  [[nodiscard]] const Member* member(std::string_view key) const;
  [[nodiscard]] bool isString() const { return kind == Kind::String; }
  [[nodiscard]] bool isObject() const { return kind == Kind::Object; }
};

struct JsonValue::Member {
  std::string key;
  ByteRange keyRange;
  JsonValue value;
};

struct JsonError {
  ByteOffset offset = 0;
  std::string message;
};

struct JsonParse {
  std::optional<JsonValue> value;
  std::optional<JsonError> error;
};

inline constexpr std::size_t kMaxJsonDepth = 256;

[[nodiscard]] JsonParse parseJson(std::string_view text);

}  // namespace fw::flakes
