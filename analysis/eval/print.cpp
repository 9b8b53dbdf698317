#include "analysis/eval/print.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace fw::eval {

std::string formatFloat(double f) {
  std::ostringstream s;
  s << f;
  return s.str();
}

namespace {

// Attribute entries in lexicographic order of their names.
std::vector<Attr*> lexicographic(EvalState& st, Attrs* a) {
  std::vector<Attr*> out;
  out.reserve(a->size);
  for (Attr& e : *a) out.push_back(&e);
  std::sort(out.begin(), out.end(), [&](const Attr* x, const Attr* y) {
    return st.rt.symbols.name(x->name) < st.rt.symbols.name(y->name);
  });
  return out;
}

// The value behind a slot without forcing: an evaluated thunk's result.
const Value* peek(const Value& v) {
  if (v.type == Type::Thunk && v.thunk->state == ThunkState::Done) return &v.thunk->result;
  return &v;
}

void printString(std::string_view s, std::string& out) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      out += "\\$";
    } else {
      out += c;
    }
  }
  out += '"';
}

// Attribute names as Nix prints them: bare when they look like
// identifiers, quoted (with `$` escaped) otherwise.
void printName(std::string_view s, std::string& out) {
  auto quoted = [&] {
    out += '"';
    for (char c : s) {
      if (c == '"' || c == '\\' || c == '$') {
        out += '\\';
        out += c;
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else {
        out += c;
      }
    }
    out += '"';
  };
  if (s.empty() || s == "if") {
    quoted();
    return;
  }
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(s[0])) {
    quoted();
    return;
  }
  for (char c : s) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '\'' && c != '-') {
      quoted();
      return;
    }
  }
  out += s;
}

void print(EvalState& st, const Value& given, std::set<const void*>& seen, std::string& out) {
  EvalState::DepthGuard guard(st);
  const Value& v = *peek(given);
  switch (v.type) {
    case Type::Int:
      out += std::to_string(v.i);
      break;
    case Type::Bool:
      out += v.b ? "true" : "false";
      break;
    case Type::String: {
      // Nix prints up to the first NUL (C strings).
      std::string_view s = v.str();
      s = s.substr(0, s.find('\0'));
      printString(s, out);
      break;
    }
    case Type::Path:
      out += v.str();
      break;
    case Type::Null:
      out += "null";
      break;
    case Type::Float:
      out += formatFloat(v.f);
      break;
    case Type::Attrs:
      if (v.attrs->size && !seen.insert(v.attrs).second) {
        out += "«repeated»";
        break;
      }
      out += "{ ";
      for (Attr* a : lexicographic(st, v.attrs)) {
        printName(st.rt.symbols.name(a->name), out);
        out += " = ";
        print(st, a->value, seen, out);
        out += "; ";
      }
      out += '}';
      break;
    case Type::List:
      if (v.list->size && !seen.insert(v.list).second) {
        out += "«repeated»";
        break;
      }
      out += "[ ";
      for (const Value& e : *v.list) {
        print(st, e, seen, out);
        out += ' ';
      }
      out += ']';
      break;
    case Type::Thunk:
      out += "<CODE>";
      break;
    case Type::Lambda:
      out += "<LAMBDA>";
      break;
    case Type::PrimOp:
      out += "<PRIMOP>";
      break;
    case Type::PrimOpApp:
      out += "<PRIMOP-APP>";
      break;
  }
}

void jsonString(std::string_view s, std::string& out) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    if (c == '\0') break;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c >= 0 && c < 32) {
      out += "\\u00";
      out += hex[(c >> 4) & 0xf];
      out += hex[c & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

std::string printValue(EvalState& st, Value& v, bool strict) {
  if (strict) st.forceDeep(v);
  std::set<const void*> seen;
  std::string out;
  print(st, v, seen, out);
  return out;
}

void printJson(EvalState& st, Value& given, bool strict, const Expr* site, std::string& out) {
  EvalState::DepthGuard guard(st);
  st.step();
  if (strict) st.force(given);
  const Value& v = *peek(given);
  switch (v.type) {
    case Type::Int:
      out += std::to_string(v.i);
      return;
    case Type::Bool:
      out += v.b ? "true" : "false";
      return;
    case Type::String:
      jsonString(v.str(), out);
      return;
    case Type::Path:
      jsonString(st.copyPathToStore(std::string(v.str()), site), out);
      return;
    case Type::Null:
      out += "null";
      return;
    case Type::Float:
      out += formatFloat(v.f);
      return;
    case Type::Attrs: {
      Value self = v;
      if (v.attrs->find(st.sym.toString)) {
        jsonString(st.coerceToString(self, site, false, false), out);
        return;
      }
      if (Attr* o = v.attrs->find(st.sym.outPath)) {
        printJson(st, o->value, strict, site, out);
        return;
      }
      out += '{';
      bool first = true;
      for (Attr* a : lexicographic(st, v.attrs)) {
        if (!first) out += ',';
        first = false;
        jsonString(st.rt.symbols.name(a->name), out);
        out += ':';
        printJson(st, a->value, strict, site, out);
      }
      out += '}';
      return;
    }
    case Type::List: {
      out += '[';
      for (std::uint32_t i = 0; i < v.list->size; ++i) {
        if (i) out += ',';
        printJson(st, v.list->elems[i], strict, site, out);
      }
      out += ']';
      return;
    }
    default:
      st.fail(ErrorKind::Type, std::string("cannot convert ") + showValueType(v) + " to JSON", site);
  }
}

}  // namespace fw::eval
