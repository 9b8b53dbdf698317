#include "analysis/attr_names.h"

namespace fw {

namespace {

// The content of a constant string: "…" with no interpolation, or a
// one-line ''…'' with no escapes. Escapes in "…" are kept as written: two
// names compare equal when written the same way (Nix would also equate
// `"\a"` with `a`; that rare case is not caught).
std::optional<std::string_view> constantString(Node str, std::string_view src) {
  const std::string_view t = str.text(src);
  if (str.is(syms().string_expression)) {
    if (t.size() < 2 || t.front() != '"' || t.back() != '"') return std::nullopt;
    const std::string_view inner = t.substr(1, t.size() - 2);
    // A `${` not escaped as `\${` interpolates.
    for (std::size_t i = inner.find("${"); i != std::string_view::npos; i = inner.find("${", i + 1)) {
      std::size_t slashes = 0;
      while (slashes < i && inner[i - 1 - slashes] == '\\') ++slashes;
      if (slashes % 2 == 0) return std::nullopt;
    }
    return inner;
  }
  if (str.is(syms().indented_string_expression)) {
    if (t.size() < 4) return std::nullopt;
    std::string_view inner = t.substr(2, t.size() - 4);
    if (inner.find('\n') != std::string_view::npos || inner.find("''") != std::string_view::npos ||
        inner.find("${") != std::string_view::npos)
      return std::nullopt;
    // One line: its indentation is stripped.
    while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
    return inner;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> staticAttrName(Node attr, std::string_view src) {
  const Symbols& s = syms();
  if (attr.is(s.identifier)) {
    if (attr.isMissing() || attr.range().length() == 0) return std::nullopt;
    return attr.text(src);
  }
  if (attr.is(s.string_expression)) return constantString(attr, src);
  if (attr.is(s.interpolation)) {
    // Nix treats ${"a"} (also ${("a")} and ${''a''}) as the static name a.
    Node e = attr.field(fields().expression);
    while (e.is(s.parenthesized_expression)) e = e.field(fields().expression);
    return e ? constantString(e, src) : std::nullopt;
  }
  return std::nullopt;
}

}  // namespace fw
