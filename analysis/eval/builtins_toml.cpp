// builtins.fromTOML: TOML 1.0 documents to Nix values (tables become sets,
// arrays lists). Like Nix 2.8, dates and times are refused.

#include <cmath>
#include <map>
#include <memory>

#include "analysis/eval/builtins_util.h"

namespace fw::eval {

namespace {

struct TomlNode {
  enum class Kind { Table, Array, Scalar } kind = Kind::Table;
  Value scalar;
  std::map<std::string, std::unique_ptr<TomlNode>> table;
  std::vector<std::unique_ptr<TomlNode>> array;
  bool explicitTable = false;  // named by a [header] (or defined by key = value)
  bool frozen = false;         // an inline table or a value array: no later additions
  bool tableArray = false;     // made by [[header]]
};

class TomlParser {
 public:
  TomlParser(EvalState& st, std::string_view text, const Expr* site) : st_(st), s_(text), site_(site) {}

  Value parse() {
    TomlNode root;
    TomlNode* current = &root;
    for (;;) {
      skipBlank();
      if (p_ >= s_.size()) break;
      if (s_[p_] == '[') {
        const bool array = p_ + 1 < s_.size() && s_[p_ + 1] == '[';
        p_ += array ? 2 : 1;
        std::vector<std::string> path = key();
        spaces();
        if (!eat(']') || (array && !eat(']'))) error("expected ']' after a table name");
        current = header(root, path, array);
      } else {
        std::vector<std::string> path = key();
        spaces();
        if (!eat('=')) error("expected '=' after a key");
        spaces();
        assign(*current, path, value());
      }
      endOfLine();
    }
    return convert(root);
  }

 private:
  [[noreturn]] void error(const std::string& what) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < p_ && i < s_.size(); ++i) line += s_[i] == '\n';
    st_.fail(ErrorKind::Other, "while parsing a TOML string: " + what + " (line " + std::to_string(line) + ")",
             site_);
  }
  bool eat(char c) {
    if (p_ < s_.size() && s_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool at(std::string_view t) const { return s_.substr(p_, t.size()) == t; }
  void spaces() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t')) ++p_;
  }
  void comment() {
    if (p_ < s_.size() && s_[p_] == '#') {
      while (p_ < s_.size() && s_[p_] != '\n') ++p_;
    }
  }
  // Spaces, comments and newlines.
  void skipBlank() {
    for (;;) {
      spaces();
      comment();
      if (eat('\n')) continue;
      if (at("\r\n")) {
        p_ += 2;
        continue;
      }
      return;
    }
  }
  void endOfLine() {
    spaces();
    comment();
    if (p_ >= s_.size() || eat('\n')) return;
    if (at("\r\n")) {
      p_ += 2;
      return;
    }
    error("expected the end of the line");
  }

  static bool bareChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  std::vector<std::string> key() {
    std::vector<std::string> parts;
    for (;;) {
      spaces();
      if (p_ < s_.size() && s_[p_] == '"') {
        parts.push_back(basicString());
      } else if (p_ < s_.size() && s_[p_] == '\'') {
        parts.push_back(literalString());
      } else {
        const std::size_t start = p_;
        while (p_ < s_.size() && bareChar(s_[p_])) ++p_;
        if (p_ == start) error("expected a key");
        parts.emplace_back(s_.substr(start, p_ - start));
      }
      spaces();
      if (!eat('.')) return parts;
    }
  }

  TomlNode* child(TomlNode& t, const std::string& name) {
    auto& slot = t.table[name];
    if (!slot) slot = std::make_unique<TomlNode>();
    return slot.get();
  }

  // The table a path leads to, creating implicit tables; the last element
  // of an array of tables stands for the array.
  TomlNode* walk(TomlNode& root, const std::vector<std::string>& path, std::size_t count) {
    TomlNode* t = &root;
    for (std::size_t i = 0; i < count; ++i) {
      TomlNode* c = child(*t, path[i]);
      if (c->kind == TomlNode::Kind::Array && c->tableArray && !c->array.empty()) {
        c = c->array.back().get();
      } else if (c->kind != TomlNode::Kind::Table || c->frozen) {
        error("key '" + path[i] + "' is not a table");
      }
      t = c;
    }
    return t;
  }

  TomlNode* header(TomlNode& root, const std::vector<std::string>& path, bool array) {
    TomlNode* parent = walk(root, path, path.size() - 1);
    const bool existed = parent->table.count(path.back()) > 0;
    TomlNode* node = child(*parent, path.back());
    if (array) {
      if (existed && !(node->kind == TomlNode::Kind::Array && node->tableArray)) {
        error("value (\"" + path.back() + "\") already exists");
      }
      node->kind = TomlNode::Kind::Array;
      node->tableArray = true;
      node->array.push_back(std::make_unique<TomlNode>());
      node->array.back()->explicitTable = true;
      return node->array.back().get();
    }
    if (existed && (node->kind != TomlNode::Kind::Table || node->explicitTable || node->frozen)) {
      error("value (\"" + path.back() + "\") already exists");
    }
    node->explicitTable = true;
    return node;
  }

  void assign(TomlNode& table, const std::vector<std::string>& path, std::unique_ptr<TomlNode> v) {
    TomlNode* t = &table;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      TomlNode* c = child(*t, path[i]);
      if (c->kind != TomlNode::Kind::Table || c->frozen) error("key '" + path[i] + "' is not a table");
      t = c;
    }
    auto& slot = t->table[path.back()];
    if (slot) error("value (\"" + path.back() + "\") already exists");
    slot = std::move(v);
  }

  std::unique_ptr<TomlNode> scalar(Value v) {
    auto n = std::make_unique<TomlNode>();
    n->kind = TomlNode::Kind::Scalar;
    n->scalar = v;
    return n;
  }

  std::unique_ptr<TomlNode> value() {
    EvalState::DepthGuard guard(st_);
    if (p_ >= s_.size()) error("expected a value");
    const char c = s_[p_];
    if (at("\"\"\"")) return scalar(st_.newString(multilineBasic()));
    if (c == '"') return scalar(st_.newString(basicString()));
    if (at("'''")) return scalar(st_.newString(multilineLiteral()));
    if (c == '\'') return scalar(st_.newString(literalString()));
    if (at("true")) {
      p_ += 4;
      return scalar(Value::boolean(true));
    }
    if (at("false")) {
      p_ += 5;
      return scalar(Value::boolean(false));
    }
    if (c == '[') {
      ++p_;
      auto n = std::make_unique<TomlNode>();
      n->kind = TomlNode::Kind::Array;
      n->frozen = true;
      for (;;) {
        skipBlank();
        if (eat(']')) break;
        n->array.push_back(value());
        skipBlank();
        if (eat(']')) break;
        if (!eat(',')) error("expected ',' or ']' in an array");
      }
      return n;
    }
    if (c == '{') {
      ++p_;
      auto n = std::make_unique<TomlNode>();
      spaces();
      if (!eat('}')) {
        for (;;) {
          std::vector<std::string> path = key();
          spaces();
          if (!eat('=')) error("expected '=' in an inline table");
          spaces();
          assign(*n, path, value());
          spaces();
          if (eat('}')) break;
          if (!eat(',')) error("expected ',' or '}' in an inline table");
        }
      }
      n->frozen = true;
      return n;
    }
    return number();
  }

  std::unique_ptr<TomlNode> number() {
    const std::size_t start = p_;
    while (p_ < s_.size() && (bareChar(s_[p_]) || s_[p_] == '+' || s_[p_] == '.' || s_[p_] == ':')) ++p_;
    std::string t(s_.substr(start, p_ - start));
    if (t.empty()) error("expected a value");
    if (t.find(':') != std::string::npos ||
        (t.size() >= 10 && std::isdigit(static_cast<unsigned char>(t[0])) && t[4] == '-')) {
      error("Dates and times are not supported");
    }
    std::string body = t;
    bool negative = false;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
      negative = body[0] == '-';
      body = body.substr(1);
    }
    if (body == "inf") return scalar(Value::number(negative ? -INFINITY : INFINITY));
    if (body == "nan") return scalar(Value::number(NAN));
    std::string digits;
    for (std::size_t i = 0; i < body.size(); ++i) {
      if (body[i] == '_') {
        if (i == 0 || i + 1 == body.size() || !std::isalnum(static_cast<unsigned char>(body[i - 1])) ||
            !std::isalnum(static_cast<unsigned char>(body[i + 1]))) {
          error("invalid number '" + t + "'");
        }
        continue;
      }
      digits += body[i];
    }
    int base = 10;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o' || digits[1] == 'b')) {
      if (negative || t[0] == '+') error("invalid number '" + t + "'");
      base = digits[1] == 'x' ? 16 : digits[1] == 'o' ? 8 : 2;
      digits = digits.substr(2);
    }
    const bool isFloat = base == 10 && digits.find_first_of(".eE") != std::string::npos;
    if (isFloat) {
      char* end = nullptr;
      const double d = std::strtod(digits.c_str(), &end);
      if (end != digits.c_str() + digits.size() || digits.back() == '.' || digits[0] == '.') {
        error("invalid number '" + t + "'");
      }
      return scalar(Value::number(negative ? -d : d));
    }
    if (base == 10 && digits.size() > 1 && digits[0] == '0') error("leading zeros are not allowed: '" + t + "'");
    std::uint64_t v = 0;
    for (char ch : digits) {
      int d;
      if (ch >= '0' && ch <= '9') {
        d = ch - '0';
      } else if (ch >= 'a' && ch <= 'f') {
        d = ch - 'a' + 10;
      } else if (ch >= 'A' && ch <= 'F') {
        d = ch - 'A' + 10;
      } else {
        error("invalid number '" + t + "'");
      }
      if (d >= base) error("invalid number '" + t + "'");
      // Out-of-range numbers saturate, as in Nix 2.8 (toml11).
      if (v > (UINT64_MAX - static_cast<std::uint64_t>(d)) / static_cast<std::uint64_t>(base)) {
        v = UINT64_MAX;
      } else {
        v = v * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
      }
    }
    const std::uint64_t limit = static_cast<std::uint64_t>(INT64_MAX) + (negative ? 1 : 0);
    if (v > limit) v = limit;
    const std::int64_t i = negative ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
    return scalar(Value::integer(i));
  }


  void escape(std::string& out) {
    if (p_ >= s_.size()) error("unterminated string");
    const char e = s_[p_++];
    switch (e) {
      case 'b': out += '\b'; return;
      case 't': out += '\t'; return;
      case 'n': out += '\n'; return;
      case 'f': out += '\f'; return;
      case 'r': out += '\r'; return;
      case '"': out += '"'; return;
      case '\\': out += '\\'; return;
      case 'u':
      case 'U': {
        const std::size_t n = e == 'u' ? 4 : 8;
        if (p_ + n > s_.size()) error("bad unicode escape");
        std::uint32_t cp = 0;
        for (std::size_t i = 0; i < n; ++i) {
          const char h = s_[p_++];
          cp <<= 4;
          if (h >= '0' && h <= '9') cp |= static_cast<std::uint32_t>(h - '0');
          else if (h >= 'a' && h <= 'f') cp |= static_cast<std::uint32_t>(h - 'a' + 10);
          else if (h >= 'A' && h <= 'F') cp |= static_cast<std::uint32_t>(h - 'A' + 10);
          else error("bad unicode escape");
        }
        // Unicode scalar values only (as toml11 in Nix).
        if (cp >= 0xd800 && cp < 0xe000) error("codepoints in the range [0xD800, 0xDFFF] are not valid UTF-8");
        if (cp > 0x10ffff) error("input codepoint is too large");
        appendUtf8(out, cp);
        return;
      }
      default:
        error(std::string("unknown escape '\\") + e + "'");
    }
  }

  std::string basicString() {
    ++p_;
    std::string out;
    for (;;) {
      if (p_ >= s_.size() || s_[p_] == '\n') error("unterminated string");
      const char c = s_[p_++];
      if (c == '"') return out;
      if (c == '\\') {
        escape(out);
      } else {
        out += c;
      }
    }
  }

  std::string literalString() {
    ++p_;
    const std::size_t end = s_.find('\'', p_);
    const std::size_t nl = s_.find('\n', p_);
    if (end == std::string_view::npos || (nl != std::string_view::npos && nl < end)) error("unterminated string");
    std::string out(s_.substr(p_, end - p_));
    p_ = end + 1;
    return out;
  }

  void skipFirstNewline() {
    if (eat('\n')) return;
    if (at("\r\n")) p_ += 2;
  }

  std::string multilineBasic() {
    p_ += 3;
    skipFirstNewline();
    std::string out;
    for (;;) {
      if (p_ >= s_.size()) error("unterminated string");
      if (at("\"\"\"")) {
        // A run of three to five quotes: the last three close the string.
        std::size_t n = 0;
        while (p_ + n < s_.size() && s_[p_ + n] == '"' && n < 5) ++n;
        out.append(n - 3, '"');
        p_ += n;
        return out;
      }
      const char c = s_[p_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      // A backslash at the end of a line trims the newline and the
      // whitespace after it.
      std::size_t q = p_;
      while (q < s_.size() && (s_[q] == ' ' || s_[q] == '\t')) ++q;
      if (q < s_.size() && (s_[q] == '\n' || s_[q] == '\r')) {
        p_ = q;
        while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) ++p_;
        continue;
      }
      escape(out);
    }
  }

  std::string multilineLiteral() {
    p_ += 3;
    skipFirstNewline();
    const std::size_t end = s_.find("'''", p_);
    if (end == std::string_view::npos) error("unterminated string");
    std::size_t stop = end;
    while (stop + 3 < s_.size() && s_[stop + 3] == '\'' && stop + 3 - end < 2) ++stop;
    std::string out(s_.substr(p_, stop - p_));
    p_ = stop + 3;
    return out;
  }

  Value convert(TomlNode& n) {
    EvalState::DepthGuard guard(st_);
    switch (n.kind) {
      case TomlNode::Kind::Scalar:
        return n.scalar;
      case TomlNode::Kind::Array: {
        List* l = st_.newList(static_cast<std::uint32_t>(n.array.size()));
        for (std::size_t i = 0; i < n.array.size(); ++i) l->elems[i] = convert(*n.array[i]);
        return Value::ofList(l);
      }
      case TomlNode::Kind::Table: {
        std::vector<std::pair<Symbol, Value>> entries;
        for (auto& [k, v] : n.table) entries.push_back({st_.rt.symbols.intern(k), convert(*v)});
        return st_.makeAttrs(std::move(entries));
      }
    }
    return Value::null();
  }

  EvalState& st_;
  std::string_view s_;
  const Expr* site_;
  std::size_t p_ = 0;
};

FW_PRIM(fromTOML) {
  const std::string text(st.forceString(args[0], site));
  out = TomlParser(st, text, site).parse();
}

}  // namespace

void addTomlBuiltins(std::vector<PrimOp>& v) { v.push_back({"fromTOML", 1, fromTOML}); }

}  // namespace fw::eval
