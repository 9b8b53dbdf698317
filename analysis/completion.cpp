#include "analysis/syntax_helpers.h"
#include "analysis/completion.h"

#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "analysis/attr_names.h"
#include "analysis/builtins_table.h"
#include "analysis/values.h"
#include "parser/nix_chars.h"

namespace fw {

namespace {

constexpr std::size_t kMaxItems = 1000;

bool isIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '\'' || c == '-';
}
bool isPathChar(char c) { return isIdChar(c) || c == '.' || c == '+' || c == '/' || c == '~'; }

// Case-insensitive subsequence match, as editors filter.
bool fuzzy(std::string_view label, std::string_view typed) {
  std::size_t j = 0;
  for (char c : label) {
    if (j == typed.size()) break;
    if (std::tolower(static_cast<unsigned char>(c)) == std::tolower(static_cast<unsigned char>(typed[j]))) ++j;
  }
  return j == typed.size();
}



CompletionKind kindOfValue(Node v) {
  v = unwrapParens(v);
  if (v.is(syms().function_expression)) return CompletionKind::Function;
  if (v.is(syms().attrset_expression) || v.is(syms().rec_attrset_expression)) return CompletionKind::Module;
  return CompletionKind::Variable;
}

void addKeywords(CompletionResult& r, std::string_view typed) {
  static constexpr std::string_view kExprKeywords[] = {"let", "rec", "with", "if", "assert", "inherit",
                                                       "then", "else", "in"};
  for (std::string_view kw : kExprKeywords) {
    if (!fuzzy(kw, typed)) continue;
    CompletionItem it;
    it.label = std::string(kw);
    it.kind = CompletionKind::Keyword;
    if (const KeywordInfo* k = findKeyword(kw)) {
      it.detail = std::string(k->syntax);
      it.documentation = std::string(k->doc);
    }
    it.sortText = "9" + it.label;
    r.items.push_back(std::move(it));
  }
}

void addBuiltinItem(CompletionResult& r, const BuiltinInfo& b, std::string_view label, std::string sort) {
  CompletionItem it;
  it.label = std::string(label);
  it.kind = b.signature.find("->") != std::string_view::npos ? CompletionKind::Function : CompletionKind::Constant;
  it.detail = std::string(b.signature);
  it.documentation = std::string(b.doc);
  it.sortText = std::move(sort);
  r.items.push_back(std::move(it));
}

void completeFiles(CompletionResult& r, std::string_view literal, ByteOffset literalStart,
                   const FeatureContext& ctx) {
  if (!ctx.files || ctx.path.empty()) return;
  namespace fsys = std::filesystem;
  const std::size_t slash = literal.rfind('/');
  if (slash == std::string_view::npos) return;
  const std::string_view dirPart = literal.substr(0, slash + 1);
  const std::string_view typed = literal.substr(slash + 1);
  fsys::path dir;
  if (dirPart.starts_with("/")) dir = fsys::path(std::string(dirPart));
  else if (dirPart.starts_with("~")) return;
  else dir = fsys::path(ctx.path).parent_path() / std::string(dirPart);
  r.replace = {static_cast<ByteOffset>(literalStart + slash + 1), static_cast<ByteOffset>(literalStart + literal.size())};
  for (const auto& [name, kind] : ctx.files->list(dir.lexically_normal().string())) {
    if (name.starts_with(".") && !typed.starts_with(".")) continue;
    if (!fuzzy(name, typed)) continue;
    if (kind == FileKind::File && !name.ends_with(".nix")) continue;
    CompletionItem it;
    it.label = name;
    it.kind = kind == FileKind::Directory ? CompletionKind::Folder : CompletionKind::File;
    it.sortText = (kind == FileKind::Directory ? "0" : "1") + name;
    r.items.push_back(std::move(it));
  }
}

}  // namespace

CompletionResult completion(const DocumentView& view, ByteOffset offset, const FeatureContext& ctx) {
  CompletionResult r;
  const std::string_view src = view.text();
  offset = std::min<ByteOffset>(offset, static_cast<ByteOffset>(src.size()));
  // The word being typed, and what comes before it.
  ByteOffset start = offset;
  while (start > 0 && isIdChar(src[start - 1])) --start;
  const std::string_view typed = src.substr(start, offset - start);
  r.replace = {start, offset};

  const Symbols& s = syms();
  const std::vector<Node> path = view.pathAt(offset > 0 ? offset - 1 : 0);
  // Inside comments and strings there is nothing to complete.
  for (const Node& n : path) {
    if (n.is(s.comment) || n.is(s.string_fragment)) return r;
  }
  // Path literals: files and directories.
  ByteOffset p = offset;
  while (p > 0 && isPathChar(src[p - 1])) --p;
  const std::string_view pathText = src.substr(p, offset - p);
  if (pathText.find('/') != std::string_view::npos &&
      (pathText.starts_with("./") || pathText.starts_with("../") || pathText.starts_with("/"))) {
    completeFiles(r, pathText, p, ctx);
    return r;
  }

  // `x.y.` selections: the chain of names before the dot.
  if (start > 0 && src[start - 1] == '.') {
    std::vector<std::string_view> chain;
    ByteOffset q = start - 1;  // at the '.'
    for (;;) {
      ByteOffset e = q;
      ByteOffset b = e;
      while (b > 0 && isIdChar(src[b - 1])) --b;
      if (b == e) return r;  // `(expr).` or `"x".`: not known statically
      chain.insert(chain.begin(), src.substr(b, e - b));
      if (b > 0 && src[b - 1] == '.') {
        q = b - 1;
        continue;
      }
      q = b;
      break;
    }
    const std::string_view base = chain.front();
    std::vector<std::string_view> rest(chain.begin() + 1, chain.end());
    const std::vector<Node> at = view.pathAt(q);
    const Resolution res = resolveName(at, base, src);
    if (res.kind == Resolution::Kind::Global && base == "builtins" && rest.empty()) {
      for (const BuiltinInfo& b : builtinTable()) {
        if (fuzzy(b.name, typed)) addBuiltinItem(r, b, b.name, "0" + std::string(b.name));
      }
      return r;
    }
    if (res.kind == Resolution::Kind::Definition) {
      // What the name stands for: a literal, `inherit (e) x`, or an
      // imported file.
      Located value{res.def.value, nullptr, ""};
      if (!value && res.def.inheritFrom) {
        if (auto hit = findAttrIn({res.def.inheritFrom, nullptr, ""}, {res.def.name}, src, ctx)) value = hit->value;
      }
      std::vector<std::pair<std::string_view, Located>> attrs;
      if (value) listAttrs(value, rest, src, ctx, attrs);
      std::unordered_set<std::string_view> seen;
      for (const auto& [name, v] : attrs) {
        if (!seen.insert(name).second || !fuzzy(name, typed)) continue;
        CompletionItem it;
        it.label = std::string(name);
        it.kind = v ? kindOfValue(v.node) : CompletionKind::Field;
        if (it.kind == CompletionKind::Variable) it.kind = CompletionKind::Field;
        if (v) it.detail = describeValue(v.node, v.src(src));
        if (v.tree) it.documentation = "from " + v.file;
        it.sortText = "0" + it.label;
        r.items.push_back(std::move(it));
      }
    }
    return r;
  }

  // A binding's name position (`{ a = 1; na| }`): not an expression.
  ByteOffset before = start;
  while (before > 0 && (src[before - 1] == ' ' || src[before - 1] == '\t' || src[before - 1] == '\n' ||
                        src[before - 1] == '\r'))
    --before;
  const char prev = before > 0 ? src[before - 1] : '\0';
  bool inSet = false;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    if (it->is(s.binding_set) || it->is(s.attrset_expression) || it->is(s.rec_attrset_expression) ||
        it->is(s.let_expression)) {
      inSet = true;
      break;
    }
    // A binding that ends before the word is a finished sibling.
    if (it->end() <= start && (it->is(s.binding) || it->is(s.inherit) || !it->isNamed())) continue;
    if (it->is(s.binding) || it->is(s.inherit) || it->is(s.list_expression) ||
        it->is(s.parenthesized_expression) || it->is(s.function_expression))
      break;
  }
  const bool inheritList = [&] {
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      if (it->is(s.inherit) || it->is(s.inherited_attrs)) return true;
      if (it->is(s.binding) || it->is(s.binding_set)) return false;
    }
    return false;
  }();
  if (!inheritList && inSet && (prev == '{' || prev == ';')) return r;

  // Names in scope, innermost first; shadowed names once.
  std::unordered_set<std::string_view> seen;
  int depth = 0;
  for (std::size_t i = path.size(); i-- > 0;) {
    const Node n = path[i];
    const auto kind = scopeKindOf(n);
    if (!kind || *kind == ScopeKind::With) continue;
    ++depth;
    forEachScopeDefinition(n, src, [&](const ScopeDef& d) {
      if (d.nameRange.touches(offset)) return;  // the word being typed
      // `inherit "a b";` and `inherit (e) "";` bind names no variable can
      // refer to.
      if (!nixchars::isIdentifier(d.name)) return;
      if (!seen.insert(d.name).second || !fuzzy(d.name, typed)) return;
      CompletionItem it;
      it.label = std::string(d.name);
      it.kind = d.value ? kindOfValue(d.value) : CompletionKind::Variable;
      if (d.value) it.detail = describeValue(d.value, src);
      else if (d.inheritFrom) it.detail = "inherit (" + std::string(d.inheritFrom.text(src).substr(0, 40)) + ")";
      it.documentation = "defined on line " + std::to_string(view.lines().lineOf(d.nameRange.start) + 1);
      it.sortText = std::to_string(depth < 10 ? depth : 9) + it.label;
      r.items.push_back(std::move(it));
    });
  }
  if (inheritList) return r;
  for (const BuiltinInfo& b : builtinTable()) {
    if (!b.global || seen.count(b.name) || !fuzzy(b.name, typed)) continue;
    addBuiltinItem(r, b, b.name, "8" + std::string(b.name));
  }
  addKeywords(r, typed);
  if (r.items.size() > kMaxItems) {
    std::partial_sort(r.items.begin(), r.items.begin() + kMaxItems, r.items.end(),
                      [](const CompletionItem& a, const CompletionItem& b) { return a.sortText < b.sortText; });
    r.items.resize(kMaxItems);
    r.incomplete = true;
  }
  return r;
}

}  // namespace fw
