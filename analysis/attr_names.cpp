#include "analysis/attr_names.h"

namespace fw {

namespace {

// The content of a "string" with no interpolation and no escapes.
std::optional<std::string_view> plainString(Node str, std::string_view src) {
  if (!str.is(syms().string_expression)) return std::nullopt;
  const std::string_view t = str.text(src);
  if (t.size() < 2 || t.front() != '"' || t.back() != '"') return std::nullopt;
  const std::string_view inner = t.substr(1, t.size() - 2);
  if (inner.find('\\') != std::string_view::npos || inner.find("${") != std::string_view::npos)
    return std::nullopt;
  return inner;
}

}  // namespace

std::optional<std::string_view> staticAttrName(Node attr, std::string_view src) {
  const Symbols& s = syms();
  if (attr.is(s.identifier)) {
    if (attr.isMissing() || attr.range().length() == 0) return std::nullopt;
    return attr.text(src);
  }
  if (attr.is(s.string_expression)) return plainString(attr, src);
  if (attr.is(s.interpolation)) {
    // Nix treats ${"a"} as the static name a.
    const Node e = attr.field(fields().expression);
    return e ? plainString(e, src) : std::nullopt;
  }
  return std::nullopt;
}

}  // namespace fw
