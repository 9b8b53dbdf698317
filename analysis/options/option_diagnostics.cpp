// Diagnostics of option definitions: literal values checked against the
// option's type, unknown names (with "did you mean"), read-only, removed
// and renamed options.

#include <algorithm>
#include <charconv>
#include <set>

#include "analysis/options/extract.h"
#include "analysis/options/module_syntax.h"
#include "analysis/options/option_features.h"
#include "analysis/syntax_helpers.h"

namespace fw::options {

namespace {

const Symbols& S() { return syms(); }
const Fields& F() { return fields(); }

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

const std::string& typeName(const OptionType& t) { return t.name; }

bool isIntType(const OptionType& t) {
  static const char* names[] = {"int", "intBetween", "unsignedInt", "positiveInt", "signedInt8", "signedInt16",
                                "signedInt32", "signedInt64", "unsignedInt8", "unsignedInt16", "unsignedInt32",
                                "unsignedInt64", "port"};
  for (const char* n : names)
    if (typeName(t) == n) return true;
  return t.min.has_value() || t.max.has_value();
}

bool isStringType(const OptionType& t) {
  const std::string& n = typeName(t);
  return n == "str" || n == "nonEmptyStr" || n == "singleLineStr" || n == "lines" || n == "commas" ||
         n == "envVar" || n.starts_with("separatedString") || n.starts_with("strMatching") || n == "string";
}

enum class Lit { None, String, Int, Float, Bool, Null, List, Attrs, Path, Function };

Lit literalKind(Node e, std::string_view src, std::int64_t* intValue, std::string* text) {
  e = unwrapParens(e);
  if (!e) return Lit::None;
  if (e.is(S().string_expression) || e.is(S().indented_string_expression)) {
    bool interpolated = false;
    std::string s;
    forEachChild(e, [&](Node c, TSFieldId) {
      if (c.is(S().interpolation)) interpolated = true;
      else if (c.is(S().string_fragment)) s += std::string(c.text(src));
      else if (c.is(S().escape_sequence) || c.is(S().dollar_escape)) interpolated = true;  // keep it simple
      return true;
    });
    if (text) *text = interpolated ? std::string() : s;
    if (text && interpolated) *text = "\x01";  // unknown content
    return Lit::String;
  }
  if (e.is(S().integer_expression)) {
    if (intValue) {
      const std::string_view t = e.text(src);
      std::from_chars(t.data(), t.data() + t.size(), *intValue);
    }
    if (text) *text = std::string(e.text(src));
    return Lit::Int;
  }
  if (e.is(S().unary_expression)) {
    Node arg = e.field(F().argument);
    if (arg.is(S().integer_expression) && e.text(src).starts_with("-")) {
      if (intValue) {
        const std::string_view t = arg.text(src);
        std::int64_t v = 0;
        std::from_chars(t.data(), t.data() + t.size(), v);
        *intValue = -v;
      }
      if (text) *text = std::string(e.text(src));
      return Lit::Int;
    }
    if (arg.is(S().float_expression)) return Lit::Float;
    return Lit::None;
  }
  if (e.is(S().float_expression)) return Lit::Float;
  if (e.is(S().variable_expression)) {
    const std::string_view n = e.field(F().name).text(src);
    if (n == "true" || n == "false") {
      if (text) *text = std::string(n);
      return Lit::Bool;
    }
    if (n == "null") return Lit::Null;
    return Lit::None;
  }
  if (e.is(S().list_expression)) return Lit::List;
  if (e.is(S().attrset_expression) || e.is(S().rec_attrset_expression)) return Lit::Attrs;
  if (e.is(S().path_expression) || e.is(S().hpath_expression)) return Lit::Path;
  if (e.is(S().function_expression)) return Lit::Function;
  return Lit::None;
}

const char* litName(Lit k) {
  switch (k) {
    case Lit::String: return "a string";
    case Lit::Int: return "an integer";
    case Lit::Float: return "a float";
    case Lit::Bool: return "a Boolean";
    case Lit::Null: return "null";
    case Lit::List: return "a list";
    case Lit::Attrs: return "an attribute set";
    case Lit::Path: return "a path";
    case Lit::Function: return "a function";
    default: return "a value";
  }
}

}  // namespace

std::optional<bool> literalFits(Node value, std::string_view src, const OptionType& type, std::string* why) {
  std::int64_t iv = 0;
  std::string text;
  const Lit k = literalKind(value, src, &iv, &text);
  if (k == Lit::None || !type.known) return std::nullopt;
  const std::string& n = type.name;
  auto mismatch = [&](std::string reason) -> std::optional<bool> {
    if (why) *why = std::move(reason);
    return false;
  };
  if (n == "nullOr") {
    if (k == Lit::Null) return true;
    if (const OptionType* e = type.nestedType("elemType")) {
      auto r = literalFits(value, src, *e, why);
      if (r && !*r && why) *why = litName(k);
      return r;
    }
    return std::nullopt;
  }
  if (n == "either" || n == "oneOf") {
    const OptionType* l = type.nestedType("left");
    const OptionType* r = type.nestedType("right");
    if (!l || !r) return std::nullopt;
    auto a = literalFits(value, src, *l, nullptr);
    auto b = literalFits(value, src, *r, nullptr);
    if ((a && *a) || (b && *b)) return true;
    if (a && b) return mismatch(litName(k));
    return std::nullopt;
  }
  if (n == "coercedTo") {
    const OptionType* c = type.nestedType("coercedType");
    const OptionType* f = type.nestedType("finalType");
    if (!c || !f) return std::nullopt;
    auto a = literalFits(value, src, *c, nullptr);
    auto b = literalFits(value, src, *f, nullptr);
    if ((a && *a) || (b && *b)) return true;
    if (a && b) return mismatch(litName(k));
    return std::nullopt;
  }
  if (n == "bool") return k == Lit::Bool ? std::optional<bool>(true) : mismatch(litName(k));
  if (n == "enum") {
    if (type.enumValues.empty()) return std::nullopt;
    for (const EnumValue& ev : type.enumValues) {
      if (ev.kind == EnumValue::Kind::Other) return std::nullopt;
      if (k == Lit::String && ev.kind == EnumValue::Kind::String && (text == ev.text)) return true;
      if (k == Lit::Int && ev.kind == EnumValue::Kind::Int && std::to_string(iv) == ev.text) return true;
      if (k == Lit::Bool && ev.kind == EnumValue::Kind::Bool && text == ev.text) return true;
    }
    if (k == Lit::String && text == "\x01") return std::nullopt;
    if (k == Lit::String) return mismatch(nixString(text) + " is not one of them");
    if (k == Lit::Int || k == Lit::Bool) return mismatch(text + " is not one of them");
    return mismatch(litName(k));
  }
  if (isIntType(type)) {
    if (k != Lit::Int) return mismatch(litName(k));
    if ((type.min && iv < *type.min) || (type.max && iv > *type.max))
      return mismatch(std::to_string(iv) + " is out of range");
    return true;
  }
  if (n == "float") return k == Lit::Float ? std::optional<bool>(true) : mismatch(litName(k));
  if (n == "number") return k == Lit::Float || k == Lit::Int ? std::optional<bool>(true) : mismatch(litName(k));
  if (isStringType(type)) {
    if (k != Lit::String) return mismatch(litName(k));
    if (n == "nonEmptyStr" && text.empty()) return mismatch("an empty string");
    return true;
  }
  if (n == "path") {
    if (k == Lit::Path) return true;
    if (k == Lit::String) return text == "\x01" || text.starts_with("/") ? std::optional<bool>(true)
                                                                          : mismatch("a string that is not an absolute path");
    return mismatch(litName(k));
  }
  if (n == "listOf") {
    if (k != Lit::List) return mismatch(litName(k));
    const OptionType* e = type.nestedType("elemType");
    if (!e) return true;
    std::optional<bool> all = true;
    forEachChild(unwrapParens(value), [&](Node el, TSFieldId f) {
      if (f != F().element) return true;
      std::string w;
      auto r = literalFits(el, src, *e, &w);
      if (r && !*r) {
        all = false;
        if (why) *why = "an element is " + w;
        return false;
      }
      return true;
    });
    return all;
  }
  if (n == "attrsOf" || n == "lazyAttrsOf") return k == Lit::Attrs ? std::optional<bool>(true) : mismatch(litName(k));
  if (n == "submodule") {
    if (k == Lit::Attrs || k == Lit::Function || k == Lit::Path) return true;
    return mismatch(litName(k));
  }
  if (n == "package") {
    if (k == Lit::Int || k == Lit::Float || k == Lit::Bool || k == Lit::Null || k == Lit::List || k == Lit::Function)
      return mismatch(litName(k));
    return std::nullopt;
  }
  return std::nullopt;
}


std::vector<Diagnostic> optionDiagnostics(const SyntaxTree& file, const OptionTree& tree) {
  std::vector<Diagnostic> out;
  if (!file.parsed()) return out;
  const std::string_view src = file.text();
  std::set<std::string, std::less<>> failedFiles;
  for (const ModuleFailure& f : tree.failures())
    if (!isExternalImportFailure(f)) failedFiles.insert(f.file);
  for (const ModuleSyntax& m : findModules(file.root(), src)) {
    forEachDefinition(m, src, [&](const DefinitionSite& site) {
      if (out.size() > 500 || site.path.empty()) return;
      if (std::any_of(site.path.begin(), site.path.end(), [](const PathSegment& s) { return s.name == "*"; })) return;
      const std::vector<std::string> path = lookupPath(site.path);
      const PathSegment& last = site.path.back();
      const OptionNode* node = tree.find(path);
      if (node && node->option) {
        const Option& o = *node->option;
        const std::string shown = "`" + showOption(path) + "'";
        if (o.removedMessage) {
          out.push_back({last.range, Severity::Error, "option-removed", *o.removedMessage, {}, {}});
          return;
        }
        if (o.aliasOf && o.renamed) {
          out.push_back({last.range, Severity::Warning, "option-renamed",
                         "the option " + shown + " was renamed to `" + showOption(*o.aliasOf) + "'",
                         {DiagnosticTag::Deprecated}, {}});
        }
        if (o.readOnly) {
          out.push_back({last.range, Severity::Error, "option-read-only",
                         "the option " + shown + " is read-only; modules cannot define it", {}, {}});
        }
        if (site.value) {
          for (Node v : definedValues(site.value, src)) {
            std::string why;
            auto fits = literalFits(v, src, o.type, &why);
            if (fits && !*fits) {
              const bool noun = (why.starts_with("a ") || why.starts_with("an ") || why == "null") &&
                                !why.starts_with("an element");
              out.push_back({v.range(), Severity::Error, "option-type-mismatch",
                             "the option " + shown + " is " + o.type.description + "; " +
                                 (noun ? "this value is " + why : why),
                             {}, {}});
            }
          }
        }
        return;
      }
      if (node || last.dynamic) return;
      // Unknown: only where the parent is an option set the workspace
      // declares completely (an option with sub-options that is not
      // freeform, or a namespace two or more names deep).
      std::vector<std::string> parentPath(path.begin(), path.end() - 1);
      const OptionNode* parent = tree.find(parentPath);
      if (!parent || parent->freeform || parent->children.empty()) return;
      if (!parent->option && parentPath.size() < 2) return;
      if (parent->option) {
        const std::string& tn = parent->option->type.name;
        if (tn != "submodule" && tn != "attrsOf" && tn != "lazyAttrsOf" && tn != "nullOr" && tn != "listOf") return;
      }
      // A module that failed part-way may have declared the name: no
      // verdict under option sets declared by a file with failures.
      if (!failedFiles.empty()) {
        bool failed = false;
        std::vector<const OptionNode*> stack = {parent};
        while (!stack.empty() && !failed) {
          const OptionNode* n = stack.back();
          stack.pop_back();
          if (n->option) {
            for (const std::string& f : n->option->declaringFiles) failed = failed || failedFiles.count(f) > 0;
          }
          for (const auto& [name, child] : n->children) stack.push_back(child.get());
        }
        if (failed) return;
      }
      std::string best;
      std::size_t bestDistance = 3;
      for (const auto& [name, child] : parent->children) {
        if (isWildcardName(name)) continue;
        const std::size_t d = editDistance(last.name, name);
        if (d < bestDistance) {
          bestDistance = d;
          best = name;
        }
      }
      std::string message = "no option `" + showOption(path) + "' is declared";
      if (!best.empty()) {
        std::vector<std::string> suggestion = parentPath;
        suggestion.push_back(best);
        message += "; did you mean `" + showOption(suggestion) + "'?";
      }
      out.push_back({last.range, Severity::Warning, "option-unknown", message, {}, {}});
    });
  }
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) { return a.range.start < b.range.start; });
  return out;
}


}  // namespace fw::options
