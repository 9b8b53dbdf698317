#include "analysis/services/systemd_hardening.h"

#include <algorithm>
#include <map>

#include "analysis/attr_names.h"
#include "analysis/diagnostic_codes.h"
#include "analysis/packages/nix_syntax.h"
#include "analysis/syntax_helpers.h"

namespace fw::services {

namespace {

// The basic settings, in the order the fix writes them.
constexpr std::pair<std::string_view, std::string_view> kBasics[] = {
    {"NoNewPrivileges", "true"},
    {"ProtectSystem", "\"strict\""},
    {"ProtectHome", "true"},
    {"PrivateTmp", "true"},
};

struct Service {
  std::string name;
  ByteRange nameRange;
  Node serviceSet;  // systemd.services.<name> = { … }
  Node configSet;   // serviceConfig = { … }
  std::map<std::string, Node, std::less<>> keys;
  bool opaque = false;
};

class Finder {
 public:
  explicit Finder(std::string_view src) : src_(src) {}

  void visit(Node set, std::vector<std::string>& prefix, std::size_t depth) {
    const Symbols& s = syms();
    if (depth > 32) return;
    const Node bindings = bindingSetOf(set);
    if (!bindings) return;
    forEachChild(bindings, [&](Node b, TSFieldId) {
      if (b.is(s.binding)) {
        std::vector<std::string> names;
        std::vector<ByteRange> ranges;
        bool ok = true;
        forEachChild(b.field(fields().attrpath), [&](Node a, TSFieldId f) {
          if (f != fields().attr) return true;
          auto n = staticAttrName(a, src_);
          if (!n) ok = false;
          names.emplace_back(n ? *n : "");
          ranges.push_back(a.range());
          return ok;
        });
        if (!ok) return true;
        const std::size_t mark = prefix.size();
        prefix.insert(prefix.end(), names.begin(), names.end());
        const Node value = unparen(b.field(fields().expression));
        handle(prefix, ranges, mark, value, false);
        if (value && isSetLiteral(value)) visit(value, prefix, depth + 1);
        prefix.resize(mark);
      } else if (b.is(s.inherit) || b.is(s.inherit_from)) {
        forEachChild(b.field(fields().attrs), [&](Node a, TSFieldId f) {
          if (f != fields().attr) return true;
          if (auto n = staticAttrName(a, src_)) {
            prefix.emplace_back(*n);
            handle(prefix, {a.range()}, prefix.size() - 1, Node(), true);
            prefix.pop_back();
          }
          return true;
        });
      }
      return true;
    });
  }

  std::vector<Service> services;

 private:
  Service& service(const std::string& name, ByteRange range) {
    for (Service& sv : services)
      if (sv.name == name) return sv;
    services.push_back(Service{name, range, {}, {}, {}, false});
    return services.back();
  }

  // A binding at `path` (the names from the start of the chain of set
  // literals); `ranges` are the ranges of path[mark..].
  void handle(const std::vector<std::string>& path, const std::vector<ByteRange>& ranges, std::size_t mark, Node value,
              bool inherited) {
    for (std::size_t i = 0; i + 2 < path.size(); ++i) {
      if (path[i] != "systemd" || path[i + 1] != "services") continue;
      // The service name must be written in this binding or an enclosing one.
      const ByteRange nameRange = i + 2 >= mark ? ranges[i + 2 - mark] : ByteRange{};
      Service& sv = service(path[i + 2], nameRange);
      if (sv.nameRange.length() == 0) sv.nameRange = nameRange;
      const std::size_t rest = path.size() - (i + 3);
      if (rest == 0) {
        if (value && isSetLiteral(value)) {
          if (!sv.serviceSet) sv.serviceSet = value;
        } else if (value || inherited) {
          sv.opaque = true;
        }
      } else if (path[i + 3] == "serviceConfig") {
        if (rest == 1) {
          if (value && isSetLiteral(value)) {
            if (!sv.configSet) sv.configSet = value;
          } else {
            sv.opaque = true;  // built with //, mkMerge, a function, …
          }
        } else if (rest == 2) {
          sv.keys.emplace(path[i + 4], value);
        }
      }
      return;
    }
  }

  std::string_view src_;
};

std::vector<Service> findServices(const SyntaxTree& tree) {
  const Symbols& s = syms();
  Finder finder(tree.text());
  // Every chain of set literals starts at a set that is not the value of
  // a binding of another set literal.
  walk(tree.root(), [&](Node n) {
    if (!isSetLiteral(n)) return true;
    Node p = n.parent();
    while (p && p.is(s.parenthesized_expression)) p = p.parent();
    const bool chained = p && p.is(s.binding) && p.parent() && p.parent().parent() && isSetLiteral(p.parent().parent());
    if (!chained) {
      std::vector<std::string> prefix;
      finder.visit(n, prefix, 0);
    }
    return true;
  });
  return finder.services;
}

bool isLiteral(Node v, std::string_view src, std::string_view text) { return v && unparen(v).text(src) == text; }

// Missing basic settings when the service runs as root; empty otherwise.
std::vector<std::string_view> missingBasics(const Service& sv, std::string_view src) {
  if (sv.opaque) return {};
  auto key = [&](std::string_view k) -> const Node* {
    auto it = sv.keys.find(k);
    return it == sv.keys.end() ? nullptr : &it->second;
  };
  if (const Node* d = key("DynamicUser"); d && !isLiteral(*d, src, "false")) return {};
  if (const Node* u = key("User")) {
    const auto lit = *u ? stringLiteral(*u, src) : std::nullopt;
    if (!lit || lit->value != "root") return {};
  }
  std::vector<std::string_view> out;
  for (const auto& [k, v] : kBasics)
    if (!key(k)) out.push_back(k);
  return out;
}

std::string join(const std::vector<std::string_view>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::string(v[i]);
  return out;
}

// Text inserted before the closing brace of `set` so that `lines` become
// its last bindings.
TextEdit insertIntoSet(std::string_view src, Node set, const std::vector<std::string>& lines) {
  const ByteOffset close = set.end() - 1;
  const std::string_view body = src.substr(set.start(), set.end() - set.start());
  const bool multiline = body.find('\n') != std::string_view::npos;
  if (!multiline) {
    std::string text;
    for (const std::string& l : lines) text += l + " ";
    // `{ a = 1; }` -> `{ a = 1; b = 2; }`; `{ }` -> `{ b = 2; }`.
    ByteOffset at = close;
    while (at > set.start() + 1 && src[at - 1] == ' ') --at;
    return {{at, close}, " " + text};
  }
  std::string indent;
  Node first;
  if (const Node bs = bindingSetOf(set)) first = bs.namedChild(0);
  if (first) indent = indentationAt(src, first.start());
  else indent = indentationAt(src, set.start()) + "  ";
  // At the start of the closing brace's line.
  ByteOffset at = close;
  while (at > 0 && src[at - 1] != '\n') --at;
  std::string text;
  for (const std::string& l : lines) text += indent + l + "\n";
  if (src.substr(at, close - at).find_first_not_of(" \t") != std::string_view::npos) {
    // Something precedes the brace on its line: start a new line.
    return {{close, close}, "\n" + text + indentationAt(src, set.start())};
  }
  return {{at, at}, text};
}

}  // namespace

std::vector<Diagnostic> hardeningDiagnostics(const SyntaxTree& tree) {
  std::vector<Diagnostic> out;
  const std::string_view src = tree.text();
  for (const Service& sv : findServices(tree)) {
    const std::vector<std::string_view> missing = missingBasics(sv, src);
    if (missing.empty() || sv.nameRange.length() == 0) continue;
    Diagnostic d;
    d.range = sv.nameRange;
    d.severity = Severity::Hint;
    d.code = std::string(code::SystemdHardening);
    d.message = "systemd service '" + sv.name + "' runs as root without " + join(missing) +
                "; add them to serviceConfig, or run it as DynamicUser or a dedicated User";
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<CodeAction> hardeningCodeActions(const SyntaxTree& tree, ByteRange range,
                                             std::span<const Diagnostic> diagnostics) {
  std::vector<CodeAction> out;
  const std::string_view src = tree.text();
  const std::vector<Service> services = findServices(tree);
  for (const Diagnostic& d : diagnostics) {
    if (d.code != code::SystemdHardening || d.range.end < range.start || d.range.start > range.end) continue;
    for (const Service& sv : services) {
      if (sv.nameRange != d.range) continue;
      const std::vector<std::string_view> missing = missingBasics(sv, src);
      if (missing.empty()) continue;
      std::vector<std::string> lines;
      for (const auto& [k, v] : kBasics)
        if (std::find(missing.begin(), missing.end(), k) != missing.end()) lines.push_back(std::string(k) + " = " + std::string(v) + ";");
      CodeAction a;
      a.title = "Add systemd hardening to '" + sv.name + "' (" + join(missing) + ")";
      a.kind = CodeActionKind::QuickFix;
      a.diagnostic = d;
      a.preferred = true;
      if (sv.configSet) {
        a.edits.push_back(insertIntoSet(src, sv.configSet, lines));
      } else if (sv.serviceSet) {
        std::vector<std::string> block{"serviceConfig = {"};
        for (const std::string& l : lines) block.push_back("  " + l);
        block.push_back("};");
        const bool multiline = src.substr(sv.serviceSet.start(), sv.serviceSet.end() - sv.serviceSet.start()).find('\n') !=
                               std::string_view::npos;
        if (!multiline) {
          std::string flat = "serviceConfig = {";
          for (const std::string& l : lines) flat += " " + l;
          flat += " };";
          a.edits.push_back(insertIntoSet(src, sv.serviceSet, {flat}));
        } else {
          a.edits.push_back(insertIntoSet(src, sv.serviceSet, block));
        }
      } else {
        continue;
      }
      out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace fw::services
