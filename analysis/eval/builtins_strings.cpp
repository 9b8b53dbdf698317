// String builtins: lengths and substrings, versions, regular expressions
// (POSIX extended, as Nix uses std::regex), replaceStrings, and the string
// context functions (contexts are not tracked: see docs/EVALUATOR.md).

#include <algorithm>
#include <cctype>
#include <charconv>
#include <exception>
#include <optional>

#include "analysis/eval/builtins_util.h"
#include "analysis/eval/compile.h"

namespace fw::eval {

namespace {

FW_PRIM(stringLength) {
  out = Value::integer(static_cast<std::int64_t>(st.coerceToString(args[0], site, false, true).size()));
}

FW_PRIM(substring) {
  const std::int64_t start = st.forceInt(args[0], site);
  const std::int64_t len = st.forceInt(args[1], site);
  const std::string s = st.coerceToString(args[2], site, false, true);
  if (start < 0) st.fail(ErrorKind::Other, "negative start position in 'substring'", site);
  if (static_cast<std::uint64_t>(start) >= s.size()) {
    out = st.newString("");
    return;
  }
  const std::size_t n = len < 0 ? std::string::npos : static_cast<std::size_t>(len);
  out = st.newString(std::string_view(s).substr(static_cast<std::size_t>(start), n));
}

FW_PRIM(toStringPrim) { out = st.newString(st.coerceToString(args[0], site, true, false)); }

FW_PRIM(concatStringsSep) {
  const std::string sep = st.coerceToString(args[0], site, false, true);
  List* l = st.forceList(args[1], site);
  std::string r;
  for (std::uint32_t i = 0; i < l->size; ++i) {
    if (i) r += sep;
    r += st.coerceToString(l->elems[i], site, false, true);
  }
  out = st.newString(r);
}

FW_PRIM(baseNameOf) {
  std::string s = st.coerceToString(args[0], site, false, false);
  if (!s.empty() && s.back() == '/') s.pop_back();
  const std::size_t slash = s.rfind('/');
  out = st.newString(slash == std::string::npos ? s : s.substr(slash + 1));
}

FW_PRIM(dirOf) {
  st.force(args[0]);
  const bool path = args[0].type == Type::Path;
  const std::string s = st.coerceToString(args[0], site, false, false);
  const std::size_t slash = s.rfind('/');
  std::string d = slash == std::string::npos ? "." : slash == 0 ? "/" : s.substr(0, slash);
  out = st.newString(d, path ? Type::Path : Type::String);
}

// Version components: runs of digits or of other characters, split at
// '.' and '-'.
std::string_view nextComponent(std::string_view s, std::size_t& p) {
  while (p < s.size() && (s[p] == '.' || s[p] == '-')) ++p;
  const std::size_t start = p;
  if (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) {
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
  } else {
    while (p < s.size() && !std::isdigit(static_cast<unsigned char>(s[p])) && s[p] != '.' && s[p] != '-') ++p;
  }
  return s.substr(start, p - start);
}

std::optional<long long> asNumber(std::string_view c) {
  if (c.empty()) return std::nullopt;
  long long v = 0;
  auto [ptr, ec] = std::from_chars(c.data(), c.data() + c.size(), v);
  if (ec != std::errc() || ptr != c.data() + c.size()) return std::nullopt;
  return v;
}

bool componentLess(std::string_view a, std::string_view b) {
  const auto x = asNumber(a), y = asNumber(b);
  if (x && y) return *x < *y;
  if (a.empty() && y) return true;
  if (a == "pre" && b != "pre") return true;
  if (b == "pre") return false;
  if (y) return true;
  if (x) return false;
  return a < b;
}

int compareVersionStrings(std::string_view a, std::string_view b) {
  std::size_t p = 0, q = 0;
  while (p < a.size() || q < b.size()) {
    const std::string_view c1 = nextComponent(a, p);
    const std::string_view c2 = nextComponent(b, q);
    if (componentLess(c1, c2)) return -1;
    if (componentLess(c2, c1)) return 1;
  }
  return 0;
}

FW_PRIM(compareVersions) {
  const std::string a(st.forceString(args[0], site));
  const std::string b(st.forceString(args[1], site));
  out = Value::integer(compareVersionStrings(a, b));
}

FW_PRIM(splitVersion) {
  const std::string s(st.forceString(args[0], site));
  std::vector<std::string_view> parts;
  std::size_t p = 0;
  while (p < s.size()) {
    const std::string_view c = nextComponent(s, p);
    if (c.empty()) break;
    parts.push_back(c);
  }
  List* l = st.newList(static_cast<std::uint32_t>(parts.size()));
  for (std::size_t i = 0; i < parts.size(); ++i) l->elems[i] = st.newString(parts[i]);
  out = Value::ofList(l);
}

FW_PRIM(parseDrvName) {
  const std::string s(st.forceString(args[0], site));
  std::string name = s, version;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '-' && !std::isalpha(static_cast<unsigned char>(s[i + 1]))) {
      name = s.substr(0, i);
      version = s.substr(i + 1);
      break;
    }
  }
  out = st.makeAttrs({{st.sym.name, st.newString(name)},
                      {st.rt.symbols.intern("version"), st.newString(version)}});
}

// std::regex matches recursively, about a kilobyte of stack per input
// character: long inputs run on a thread with a stack sized for them, and
// inputs over a MiB are refused instead of overflowing any stack.
template <typename Fn>
void withRegexStack(EvalState& st, std::size_t inputSize, const Expr* site, Fn&& fn) {
  constexpr std::size_t kPerChar = 2048;
  constexpr std::size_t kMaxInput = std::size_t{1} << 20;
  if (inputSize > kMaxInput) {
    st.fail(ErrorKind::Limit,
            "evaluation limit reached: string of " + std::to_string(inputSize) +
                " bytes is too long for regular expression matching",
            site);
  }
  const char* here = static_cast<const char*>(__builtin_frame_address(0));
  if (here - stackLimit() > static_cast<std::ptrdiff_t>(inputSize * kPerChar + (1 << 20))) {
    fn();
    return;
  }
  std::exception_ptr error;
  runOnLargeStack(inputSize * kPerChar + (8 << 20), [&] {
    try {
      fn();
    } catch (...) {
      error = std::current_exception();
    }
  });
  if (error) std::rethrow_exception(error);
}

Value groupsList(EvalState& st, const std::smatch& m) {
  List* l = st.newList(static_cast<std::uint32_t>(m.size() - 1));
  for (std::size_t i = 1; i < m.size(); ++i) {
    l->elems[i - 1] = m[i].matched ? st.newString(m[i].str()) : Value::null();
  }
  return Value::ofList(l);
}

FW_PRIM(match) {
  const std::string re(st.forceString(args[0], site));
  std::regex& r = st.regex(re, site);
  const std::string s(st.forceString(args[1], site));
  std::smatch m;
  bool matched = false;
  withRegexStack(st, s.size(), site, [&] { matched = std::regex_match(s, m, r); });
  if (!matched) {
    out = Value::null();
    return;
  }
  out = groupsList(st, m);
}

FW_PRIM(split) {
  const std::string re(st.forceString(args[0], site));
  std::regex& r = st.regex(re, site);
  const std::string s(st.forceString(args[1], site));
  std::vector<Value> parts;
  withRegexStack(st, s.size(), site, [&] {
    auto begin = std::sregex_iterator(s.begin(), s.end(), r);
    const auto end = std::sregex_iterator();
    std::size_t last = 0;
    for (auto it = begin; it != end; ++it) {
      const std::smatch& m = *it;
      parts.push_back(st.newString(s.substr(last, static_cast<std::size_t>(m.position(0)) - last)));
      parts.push_back(groupsList(st, m));
      last = static_cast<std::size_t>(m.position(0) + m.length(0));
    }
    parts.push_back(st.newString(s.substr(last)));
  });
  List* l = st.newList(static_cast<std::uint32_t>(parts.size()));
  std::copy(parts.begin(), parts.end(), l->elems);
  out = Value::ofList(l);
}

FW_PRIM(replaceStrings) {
  List* from = st.forceList(args[0], site);
  List* to = st.forceList(args[1], site);
  if (from->size != to->size) {
    st.fail(ErrorKind::Other,
            "'from' and 'to' arguments to 'replaceStrings' have different lengths", site);
  }
  std::vector<std::string> pats;
  for (Value& f : *from) pats.emplace_back(st.forceString(f, site));
  std::vector<std::optional<std::string>> reps(to->size);
  const std::string s = st.coerceToString(args[2], site, false, true);
  std::string r;
  for (std::size_t p = 0; p <= s.size();) {
    bool found = false;
    for (std::size_t i = 0; i < pats.size(); ++i) {
      if (s.compare(p, pats[i].size(), pats[i]) != 0) continue;
      found = true;
      if (!reps[i]) reps[i] = std::string(st.forceString(to->elems[i], site));
      r += *reps[i];
      if (pats[i].empty()) {
        if (p < s.size()) r += s[p];
        ++p;
      } else {
        p += pats[i].size();
      }
      break;
    }
    if (!found) {
      if (p < s.size()) r += s[p];
      ++p;
    }
  }
  out = st.newString(r);
}

// Contexts are not tracked: these keep the string and report none.
FW_PRIM(discardContext) { out = st.newString(st.coerceToString(args[0], site, false, false)); }
FW_PRIM(hasContext) {
  (void)st.forceString(args[0], site);
  out = Value::boolean(false);
}
FW_PRIM(getContext) {
  (void)st.forceString(args[0], site);
  out = st.emptyAttrs();
}
FW_PRIM(appendContext) {
  (void)st.forceAttrs(args[1], site);
  out = st.newString(st.forceString(args[0], site));
}

FW_PRIM(toPath) { out = st.newString(canonicalPath(st.coerceToPath(args[0], site))); }

}  // namespace

void addStringBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"stringLength", 1, stringLength});
  v.push_back({"substring", 3, substring});
  v.push_back({"toString", 1, toStringPrim});
  v.push_back({"concatStringsSep", 2, concatStringsSep});
  v.push_back({"baseNameOf", 1, baseNameOf});
  v.push_back({"dirOf", 1, dirOf});
  v.push_back({"compareVersions", 2, compareVersions});
  v.push_back({"splitVersion", 1, splitVersion});
  v.push_back({"parseDrvName", 1, parseDrvName});
  v.push_back({"match", 2, match});
  v.push_back({"split", 2, split});
  v.push_back({"replaceStrings", 3, replaceStrings});
  v.push_back({"unsafeDiscardStringContext", 1, discardContext});
  v.push_back({"unsafeDiscardOutputDependency", 1, discardContext});
  v.push_back({"hasContext", 1, hasContext});
  v.push_back({"getContext", 1, getContext});
  v.push_back({"appendContext", 2, appendContext});
  v.push_back({"toPath", 1, toPath});
}

}  // namespace fw::eval
