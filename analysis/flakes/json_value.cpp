#include "analysis/flakes/json_value.h"

#include <cstdint>

#include "parser/unicode_escape.h"

namespace fw::flakes {

const JsonValue::Member* JsonValue::member(std::string_view key) const {
  for (const Member& m : members)
    if (m.key == key) return &m;
  return nullptr;
}

const JsonValue* JsonValue::get(std::string_view key) const {
  const Member* m = member(key);
  return m ? &m->value : nullptr;
}

namespace {

struct Failure {
  JsonError error;
};

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  JsonValue document() {
    skipSpace();
    JsonValue v = value(0);
    skipSpace();
    if (i_ < s_.size()) fail("unexpected " + describe() + " after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(std::string message) { throw Failure{{static_cast<ByteOffset>(i_), std::move(message)}}; }

  std::string describe() const {
    if (i_ >= s_.size()) return "end of file";
    const char c = s_[i_];
    if (static_cast<unsigned char>(c) < 0x20) return "control character";
    return std::string("'") + c + "'";
  }

  void skipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  void expect(char c, const char* what) {
    skipSpace();
    if (i_ >= s_.size() || s_[i_] != c) fail(std::string("expected ") + what + ", found " + describe());
    ++i_;
  }

  JsonValue value(std::size_t depth) {
    if (depth > kMaxJsonDepth) fail("nested too deeply");
    skipSpace();
    if (i_ >= s_.size()) fail("expected a value, found end of file");
    const std::size_t start = i_;
    JsonValue v;
    const char c = s_[i_];
    if (c == '{') {
      v.kind = JsonValue::Kind::Object;
      ++i_;
      skipSpace();
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
      } else {
        for (;;) {
          skipSpace();
          if (i_ >= s_.size() || s_[i_] != '"') {
            fail(i_ < s_.size() && s_[i_] == '}' ? "trailing comma before '}'" : "expected a key in quotes, found " + describe());
          }
          JsonValue::Member m;
          const std::size_t ks = i_;
          m.key = string();
          m.keyRange = {static_cast<ByteOffset>(ks), static_cast<ByteOffset>(i_)};
          for (const JsonValue::Member& other : v.members) {
            if (other.key == m.key) {
              i_ = ks;
              fail("duplicate key \"" + m.key + "\"");
            }
          }
          expect(':', "':' after the key");
          m.value = value(depth + 1);
          v.members.push_back(std::move(m));
          skipSpace();
          if (i_ < s_.size() && s_[i_] == ',') {
            ++i_;
            continue;
          }
          if (i_ < s_.size() && s_[i_] == '}') {
            ++i_;
            break;
          }
          fail("expected ',' or '}', found " + describe());
        }
      }
    } else if (c == '[') {
      v.kind = JsonValue::Kind::Array;
      ++i_;
      skipSpace();
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
      } else {
        for (;;) {
          skipSpace();
          if (i_ < s_.size() && s_[i_] == ']') fail("trailing comma before ']'");
          v.items.push_back(value(depth + 1));
          skipSpace();
          if (i_ < s_.size() && s_[i_] == ',') {
            ++i_;
            continue;
          }
          if (i_ < s_.size() && s_[i_] == ']') {
            ++i_;
            break;
          }
          fail("expected ',' or ']', found " + describe());
        }
      }
    } else if (c == '"') {
      v.kind = JsonValue::Kind::String;
      v.text = string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = JsonValue::Kind::Number;
      number();
      v.text = std::string(s_.substr(start, i_ - start));
    } else if (s_.substr(i_, 4) == "true" || s_.substr(i_, 5) == "false") {
      v.kind = JsonValue::Kind::Bool;
      v.text = s_[i_] == 't' ? "true" : "false";
      i_ += v.text.size();
    } else if (s_.substr(i_, 4) == "null") {
      v.kind = JsonValue::Kind::Null;
      i_ += 4;
    } else {
      fail("expected a value, found " + describe());
    }
    v.range = {static_cast<ByteOffset>(start), static_cast<ByteOffset>(i_)};
    return v;
  }

  void digits() {
    const std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    if (i_ == start) fail("expected a digit, found " + describe());
  }

  void number() {
    if (s_[i_] == '-') ++i_;
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else {
      digits();
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      digits();
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      digits();
    }
  }

  std::string string() {
    ++i_;  // opening quote
    std::string out;
    if (std::string why = readJsonStringBody(s_, i_, out); !why.empty()) fail(std::move(why));
    return out;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

JsonParse parseJson(std::string_view text) {
  JsonParse p;
  try {
    p.value = Reader(text).document();
  } catch (const Failure& f) {
    p.error = f.error;
  }
  return p;
}

}  // namespace fw::flakes
