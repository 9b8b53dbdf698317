#include "analysis/options/render.h"

#include <algorithm>

#include "analysis/eval/print.h"

namespace fw::options {

using namespace fw::eval;

namespace {

struct Renderer {
  EvalState& st;
  RenderLimits limits;
  std::string out;
  bool truncated = false;

  bool full() {
    if (out.size() >= limits.maxBytes) truncated = true;
    return truncated;
  }

  void string(std::string_view s, const std::string& open, const std::string& close) {
    // lines = filter (v: ! isList v) (split "\n" v)
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (;;) {
      const std::size_t nl = s.find('\n', start);
      lines.push_back(s.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
    if (lines.size() > 1) {
      // ''…'' with ${ and '' escaped; the last line is special.
      auto escaped = [](std::string_view l) {
        std::string r;
        for (std::size_t i = 0; i < l.size(); ++i) {
          if (l[i] == '$' && i + 1 < l.size() && l[i + 1] == '{') {
            r += "''${";
            ++i;
          } else if (l[i] == '\'' && i + 1 < l.size() && l[i + 1] == '\'') {
            r += "'''";
            ++i;
          } else {
            r += l[i];
          }
        }
        return r;
      };
      out += "''";
      for (std::size_t i = 0; i + 1 < lines.size(); ++i) out += open + escaped(lines[i]);
      const std::string last = escaped(lines.back());
      out += last.empty() ? close : open + last;
      out += "''";
      return;
    }
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '\\' || c == '"') {
        out += '\\';
        out += c;
      } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
        out += "\\${";
        ++i;
      } else {
        out += c;
      }
    }
    out += '"';
  }

  void functionArgs(Value& v) {
    // lib.functionArgs: a functor's __functionArgs, or the lambda's formals.
    std::vector<std::pair<std::string, bool>> args;
    Value f = v;
    for (int hops = 0; hops < 8; ++hops) {
      st.force(f);
      if (f.type == Type::Attrs) {
        if (const Attr* fa = findAttr(st, f, "__functionArgs")) {
          Value a = fa->value;
          for (const Attr& e : *st.forceAttrs(a, nullptr)) {
            Value d = e.value;
            args.emplace_back(std::string(st.rt.symbols.name(e.name)), st.forceBool(d, nullptr));
          }
          break;
        }
        const Attr* fn = findAttr(st, f, "__functor");
        if (!fn) break;
        f = st.call1(fn->value, f, nullptr);
        continue;
      }
      if (f.type == Type::Lambda && f.lambda->fn->hasFormals) {
        const ExprLambda* fn = f.lambda->fn;
        for (std::uint32_t i = 0; i < fn->nFormals; ++i)
          args.emplace_back(std::string(st.rt.symbols.name(fn->formals[i].name)), fn->formals[i].fallback != nullptr);
      }
      break;
    }
    std::sort(args.begin(), args.end());
    if (args.empty()) {
      out += "<function>";
      return;
    }
    out += "<function, args: {";
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i) out += ", ";
      out += args[i].first;
      if (args[i].second) out += '?';
    }
    out += "}>";
  }

  void go(Value v, const std::string& indent, unsigned depth) {
    if (full()) return;
    st.force(v);
    if (depth > limits.maxDepth) {
      out += "…";
      return;
    }
    const std::string open = "\n" + indent + "  ";
    const std::string close = "\n" + indent;
    switch (v.type) {
      case Type::Int: out += std::to_string(v.i); return;
      case Type::Float: {
        std::string j;
        printJson(st, v, false, nullptr, j);
        out += j;
        return;
      }
      case Type::String: string(v.str(), open, close); return;
      case Type::Bool: out += v.b ? "true" : "false"; return;
      case Type::Null: out += "null"; return;
      case Type::Path: out += v.str(); return;
      case Type::List:
        if (v.list->size == 0) {
          out += "[ ]";
          return;
        }
        out += "[";
        for (Value& e : *v.list) {
          out += open;
          go(e, indent + "  ", depth + 1);
          if (full()) return;
        }
        out += close + "]";
        return;
      case Type::Lambda:
      case Type::PrimOp:
      case Type::PrimOpApp: functionArgs(v); return;
      case Type::Attrs: break;
      default: out += "<unknown>"; return;
    }
    if (auto text = placeholderText(st, v)) {
      out += *text;
      return;
    }
    if (findAttr(st, v, "__functor")) {
      functionArgs(v);
      return;
    }
    // allowPrettyValues: { __pretty = f; val = …; }
    if (const Attr* pretty = findAttr(st, v, "__pretty")) {
      if (const Attr* val = findAttr(st, v, "val")) {
        Value r = st.call1(pretty->value, val->value, nullptr);
        out += st.forceString(r, nullptr);
        return;
      }
    }
    if (v.attrs->size == 0) {
      out += "{ }";
      return;
    }
    if (const Attr* type = findAttr(st, v, "type")) {
      Value t = type->value;
      st.force(t);
      if (t.type == Type::String && t.str() == "derivation") {
        auto name = stringAttr(st, v, "name");
        out += "<derivation " + name.value_or("???") + ">";
        return;
      }
    }
    std::vector<std::pair<std::string_view, const Attr*>> entries;
    for (const Attr& e : *v.attrs) entries.emplace_back(st.rt.symbols.name(e.name), &e);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out += "{";
    for (const auto& [name, e] : entries) {
      out += open;
      out += isNixIdentifier(name) ? std::string(name) : nixString(name);
      out += " = ";
      go(e->value, indent + "  ", depth + 1);
      if (full()) return;
      out += ";";
    }
    out += close + "}";
  }
};

}  // namespace

const Attr* findAttr(EvalState& st, const Value& set, std::string_view name) {
  if (set.type != Type::Attrs) return nullptr;
  return set.attrs->find(st.rt.symbols.intern(name));
}

std::optional<std::string> stringAttr(EvalState& st, const Value& set, std::string_view name) {
  const Attr* a = findAttr(st, set, name);
  if (!a) return std::nullopt;
  Value v = a->value;
  st.force(v);
  if (v.type != Type::String && v.type != Type::Path) return std::nullopt;
  return std::string(v.str());
}

std::optional<std::string> placeholderText(EvalState& st, const Value& v) {
  if (v.type != Type::Attrs) return std::nullopt;
  return stringAttr(st, v, "__flakewisePlaceholder");
}

Literal renderOptionValue(EvalState& st, Value v, const RenderLimits& limits) {
  st.force(v);
  if (v.type == Type::Attrs && !placeholderText(st, v)) {
    // A `_type`d text (literalExpression, literalMD) is kept.
    const auto type = stringAttr(st, v, "_type");
    const auto text = findAttr(st, v, "text") ? stringAttr(st, v, "text") : std::nullopt;
    if (type && text) return {*type == "literalMD" ? Literal::Kind::Markdown : Literal::Kind::Expression, *text};
  }
  Renderer r{st, limits, {}, false};
  r.go(v, "", 0);
  if (r.truncated) r.out += " …";
  return {Literal::Kind::Expression, std::move(r.out)};
}

}  // namespace fw::options
