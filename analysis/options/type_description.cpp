#include "analysis/options/type_description.h"

#include <regex>

namespace fw::options {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Whether `s` is one parenthesised group: "(a or b)".
bool wrapped(std::string_view s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"' && (i == 0 || s[i - 1] != '\\')) quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0 && i + 1 < s.size()) return false;
  }
  return true;
}

// The first top-level occurrence of `sep` (outside parentheses and quotes).
std::size_t topLevel(std::string_view s, std::string_view sep) {
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i + sep.size() <= s.size(); ++i) {
    const char c = s[i];
    if (c == '"' && (i == 0 || s[i - 1] != '\\')) quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && s.compare(i, sep.size(), sep) == 0) return i;
  }
  return std::string_view::npos;
}

OptionType parse(std::string_view d, int depth);

OptionType wrap(std::string name, std::string_view desc, std::string_view inner, int depth) {
  OptionType t;
  t.name = std::move(name);
  t.description = std::string(desc);
  t.nested.emplace_back("elemType", parse(inner, depth + 1));
  return t;
}

OptionType parse(std::string_view desc, int depth) {
  desc = trim(desc);
  std::string_view d = desc;
  while (wrapped(d)) d = trim(d.substr(1, d.size() - 2));
  OptionType t;
  t.description = std::string(desc);
  if (depth > 12) {
    t.name = "unspecified";
    return t;
  }
  if (d.starts_with("null or ")) return wrap("nullOr", desc, d.substr(8), depth);
  if (d.starts_with("list of ")) return wrap("listOf", desc, d.substr(8), depth);
  if (d.starts_with("non-empty (list of ")) return wrap("listOf", desc, d.substr(19, d.size() - 20), depth);
  if (d.starts_with("attribute set of ")) return wrap("attrsOf", desc, d.substr(17), depth);
  if (d.starts_with("lazy attribute set of ")) return wrap("lazyAttrsOf", desc, d.substr(22), depth);
  if (d.starts_with("function that evaluates to a(n) ")) return wrap("functionTo", desc, d.substr(32), depth);
  if (d.starts_with("one of ") || (d.starts_with("value ") && d.ends_with(" (singular enum)"))) {
    t.name = "enum";
    std::string_view list = d.starts_with("one of ") ? d.substr(7) : d.substr(6, d.size() - 6 - 16);
    std::size_t i = 0;
    while (i < list.size()) {
      while (i < list.size() && (list[i] == ' ' || list[i] == ',')) ++i;
      if (i >= list.size()) break;
      if (list[i] == '"') {
        std::string s;
        ++i;
        while (i < list.size() && list[i] != '"') s += list[i++];
        ++i;
        t.enumValues.push_back({EnumValue::Kind::String, s});
      } else {
        const std::size_t comma = list.find(',', i);
        const std::string item(trim(list.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i)));
        i = comma == std::string_view::npos ? list.size() : comma;
        const bool isInt = !item.empty() && item.find_first_not_of("-0123456789") == std::string::npos;
        t.enumValues.push_back({item == "true" || item == "false" ? EnumValue::Kind::Bool
                                : isInt                           ? EnumValue::Kind::Int
                                                                  : EnumValue::Kind::Other,
                                item});
      }
    }
    return t;
  }
  // Unions: "a, or b" (after a clause), "a or b".
  for (std::string_view sep : {", or ", " or "}) {
    const std::size_t at = topLevel(d, sep);
    if (at != std::string_view::npos && at > 0) {
      t.name = "either";
      t.nested.emplace_back("left", parse(d.substr(0, at), depth + 1));
      t.nested.emplace_back("right", parse(d.substr(at + sep.size()), depth + 1));
      return t;
    }
  }
  static const std::regex between(R"(between (-?[0-9]+) and (-?[0-9]+) \(both inclusive\))");
  std::cmatch m;
  const std::string s(d);
  if (s == "boolean" || s == "boolean (merged using or)") t.name = "bool";
  else if (s == "signed integer") t.name = "int";
  else if (s.starts_with("integer between") || s.find("bit unsigned integer") != std::string::npos ||
           s.find("bit signed integer") != std::string::npos) {
    t.name = "intBetween";
    if (std::regex_search(s.c_str(), m, between)) {
      t.min = std::stoll(m[1].str());
      t.max = std::stoll(m[2].str());
    }
  } else if (s == "positive integer, meaning >0") {
    t.name = "positiveInt";
    t.min = 1;
  } else if (s == "unsigned integer, meaning >=0") {
    t.name = "unsignedInt";
    t.min = 0;
  } else if (s == "floating point number") t.name = "float";
  else if (s == "string" || s == "non-empty string" || s == "(optionally newline-terminated) single-line string") t.name = "str";
  else if (s.starts_with("string matching the pattern ")) {
    t.name = "strMatching";
    t.pattern = s.substr(28);
  } else if (s.starts_with("strings concatenated with ") || s == "Concatenated string") t.name = "separatedString";
  else if (s == "package") t.name = "package";
  else if (s == "path" || s == "path in the Nix store") t.name = "path";
  else if (s == "submodule") t.name = "submodule";
  else if (s == "attribute set") t.name = "attrs";
  else if (s == "anything") t.name = "anything";
  else if (s == "raw value") t.name = "raw";
  else if (s == "unspecified value" || s == "unspecified") t.name = "unspecified";
  else if (s == "module") t.name = "deferredModule";
  else t.name = "";  // a type only its description knows (e.g. "JSON value")
  return t;
}

}  // namespace

OptionType typeFromDescription(std::string_view description) { return parse(description, 0); }

}  // namespace fw::options
