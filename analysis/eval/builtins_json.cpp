// builtins.toJSON and builtins.fromJSON.

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "analysis/eval/builtins_util.h"
#include "analysis/eval/print.h"

namespace fw::eval {

namespace {

FW_PRIM(toJSON) {
  std::string s;
  printJson(st, args[0], true, site, s);
  out = st.newString(s);
}

class JsonParser {
 public:
  JsonParser(EvalState& st, std::string_view text, const Expr* site) : st_(st), s_(text), site_(site) {}

  Value parse() {
    Value v = value();
    ws();
    if (p_ != s_.size()) error("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void error(const std::string& what) {
    st_.fail(ErrorKind::Other, "cannot parse JSON: " + what + " at offset " + std::to_string(p_), site_);
  }
  void ws() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) ++p_;
  }
  bool eat(char c) {
    ws();
    if (p_ < s_.size() && s_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool word(std::string_view w) {
    if (s_.substr(p_, w.size()) == w) {
      p_ += w.size();
      return true;
    }
    return false;
  }

  Value value() {
    EvalState::DepthGuard guard(st_);
    ws();
    if (p_ >= s_.size()) error("unexpected end of input");
    const char c = s_[p_];
    if (c == '{') {
      ++p_;
      std::vector<std::pair<Symbol, Value>> entries;
      if (!eat('}')) {
        do {
          ws();
          if (p_ >= s_.size() || s_[p_] != '"') error("expected a string");
          const std::string key = string();
          if (!eat(':')) error("expected ':'");
          Value v = value();
          const Symbol k = st_.rt.symbols.intern(key);
          bool replaced = false;
          for (auto& e : entries) {
            if (e.first == k) {
              e.second = v;  // the last duplicate wins
              replaced = true;
            }
          }
          if (!replaced) entries.push_back({k, v});
        } while (eat(','));
        if (!eat('}')) error("expected '}'");
      }
      return st_.makeAttrs(std::move(entries));
    }
    if (c == '[') {
      ++p_;
      std::vector<Value> elems;
      if (!eat(']')) {
        do {
          elems.push_back(value());
        } while (eat(','));
        if (!eat(']')) error("expected ']'");
      }
      List* l = st_.newList(static_cast<std::uint32_t>(elems.size()));
      std::copy(elems.begin(), elems.end(), l->elems);
      return Value::ofList(l);
    }
    if (c == '"') return st_.newString(string());
    if (word("true")) return Value::boolean(true);
    if (word("false")) return Value::boolean(false);
    if (word("null")) return Value::null();
    return number();
  }

  Value number() {
    const std::size_t start = p_;
    if (p_ < s_.size() && s_[p_] == '-') ++p_;
    bool isFloat = false;
    while (p_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p_]))) ++p_;
    if (p_ < s_.size() && s_[p_] == '.') {
      isFloat = true;
      ++p_;
      while (p_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p_]))) ++p_;
    }
    if (p_ < s_.size() && (s_[p_] == 'e' || s_[p_] == 'E')) {
      isFloat = true;
      ++p_;
      if (p_ < s_.size() && (s_[p_] == '+' || s_[p_] == '-')) ++p_;
      while (p_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p_]))) ++p_;
    }
    const std::string_view t = s_.substr(start, p_ - start);
    if (t.empty() || t == "-") error("unexpected character");
    if (!isFloat) {
      std::int64_t v = 0;
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (ec == std::errc() && ptr == t.data() + t.size()) return Value::integer(v);
      // Like Nix: a number that fits 64 unsigned bits wraps to a signed one.
      std::uint64_t u = 0;
      auto [uptr, uec] = std::from_chars(t.data(), t.data() + t.size(), u);
      if (uec == std::errc() && uptr == t.data() + t.size()) return Value::integer(static_cast<std::int64_t>(u));
    }
    const double d = std::strtod(std::string(t).c_str(), nullptr);
    if (std::isinf(d)) error("number overflow parsing '" + std::string(t) + "'");
    return Value::number(d);
  }


  std::string string() {
    ++p_;  // "
    std::string out;
    if (const std::string why = readJsonStringBody(s_, p_, out); !why.empty()) error(why);
    return out;
  }

  EvalState& st_;
  std::string_view s_;
  const Expr* site_;
  std::size_t p_ = 0;
};

FW_PRIM(fromJSON) {
  const std::string text(st.forceString(args[0], site));
  out = JsonParser(st, text, site).parse();
}

}  // namespace

void addJsonBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"toJSON", 1, toJSON});
  v.push_back({"fromJSON", 1, fromJSON});
}

}  // namespace fw::eval
