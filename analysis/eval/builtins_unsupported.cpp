// Builtins that would fetch, write to the store or run code, and the few
// flakewise does not implement. Fetchers never fetch. Given the hash of
// what they fetch (sha256, hash or narHash), they compute the store path
// Nix would give it; if that path is already present locally it is
// returned as a plain path string, otherwise it is an opaque placeholder
// (importing it is a clean error). Without a hash the placeholder is a
// store-like path made from a hash of the URL. The other builtins here
// raise an "unsupported builtin" error naming themselves.

#include "analysis/eval/builtins_util.h"
#include "analysis/eval/file_cache.h"
#include "analysis/eval/hash.h"

namespace fw::eval {

namespace {

// The URL (or a description) of what a fetcher was asked for.
std::string fetchTarget(EvalState& st, Value& arg, const Expr* site) {
  st.force(arg);
  if (arg.type == Type::Attrs) {
    for (const char* key : {"url", "path"}) {
      if (Attr* a = arg.attrs->find(st.rt.symbols.intern(key))) {
        return st.coerceToString(a->value, site, false, false);
      }
    }
    return "source";
  }
  return st.coerceToString(arg, site, false, false);
}

std::string fetchName(EvalState& st, Value& arg) {
  if (arg.type == Type::Attrs) {
    if (Attr* a = arg.attrs->find(st.sym.name)) {
      st.force(a->value);
      if (a->value.type == Type::String) return std::string(a->value.str());
    }
  }
  return "source";
}

Value placeholderPath(EvalState& st, const std::string& target, const std::string& name) {
  Value v = st.newString("/nix/store/" + toNixBase32(compressHash(sha256("flakewise-unfetched:" + target), 20)) +
                         "-" + name);
  v.flags = kOpaque;
  return v;
}

// The declared SHA-256 of what a fetcher fetches, if any.
std::optional<std::string> declaredHash(EvalState& st, Value& arg, const Expr* site) {
  if (arg.type != Type::Attrs) return std::nullopt;
  for (const char* key : {"sha256", "hash", "narHash"}) {
    if (Attr* a = arg.attrs->find(st.rt.symbols.intern(key))) {
      const std::string text(st.forceString(a->value, site));
      auto raw = parseSha256(text);
      if (!raw) st.fail(ErrorKind::Other, "invalid SHA-256 hash '" + text + "'", site);
      return raw;
    }
  }
  return std::nullopt;
}

// The path a fetch with a known hash lands at: present locally, a plain
// path; otherwise opaque.
Value expectedPath(EvalState& st, const std::string& path) {
  Value v = st.newString(path);
  if (st.files.fs().kind(path) == FileKind::Missing) v.flags = kOpaque;
  return v;
}

// fetchTarball and fetchTree/fetchGit unpack: the NAR hash names a
// "source" path. fetchurl stores the file flat.
Value fetchedPath(EvalState& st, Value& arg, const Expr* site, bool unpack, const std::string& defaultName) {
  const std::string target = fetchTarget(st, arg, site);
  std::string name = fetchName(st, arg);
  if (name == "source" && !(arg.type == Type::Attrs && arg.attrs->find(st.sym.name))) name = defaultName;
  if (auto raw = declaredHash(st, arg, site)) {
    const std::string hex = toHex(*raw);
    return expectedPath(st, unpack ? makeStorePath("source", hex, name)
                                   : makeStorePath("output:out", toHex(sha256("fixed:out:sha256:" + hex + ":")), name));
  }
  return placeholderPath(st, target, name);
}

std::string urlBaseName(const std::string& url) {
  const std::size_t slash = url.rfind('/');
  std::string base = slash == std::string::npos ? url : url.substr(slash + 1);
  if (base.empty()) base = "source";
  return base;
}

FW_PRIM(fetchTarball) {
  st.force(args[0]);
  out = fetchedPath(st, args[0], site, true, "source");
}

FW_PRIM(fetchurl) {
  st.force(args[0]);
  out = fetchedPath(st, args[0], site, false, urlBaseName(fetchTarget(st, args[0], site)));
}

FW_PRIM(fetchRepo) {
  st.force(args[0]);
  Value path = fetchedPath(st, args[0], site, true, "source");
  const std::string zeros(40, '0');
  out = st.makeAttrs({{st.sym.outPath, path},
                      {st.rt.symbols.intern("rev"), st.newString(zeros)},
                      {st.rt.symbols.intern("shortRev"), st.newString(zeros.substr(0, 7))},
                      {st.rt.symbols.intern("revCount"), Value::integer(0)},
                      {st.rt.symbols.intern("lastModified"), Value::integer(0)},
                      {st.rt.symbols.intern("narHash"), st.newString("")}});
}

[[noreturn]] void unsupported(EvalState& st, const char* name, const Expr* site) {
  st.fail(ErrorKind::UnsupportedBuiltin,
          std::string("builtins.") + name + " is not supported by the flakewise evaluator", site);
}

#define FW_UNSUPPORTED(fn, name) \
  FW_PRIM(fn) {                  \
    (void)args;                  \
    (void)out;                   \
    unsupported(st, name, site); \
  }
FW_UNSUPPORTED(scopedImport, "scopedImport")
#undef FW_UNSUPPORTED

}  // namespace

void addUnsupportedBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"fetchTarball", 1, fetchTarball});
  v.push_back({"fetchurl", 1, fetchurl});
  v.push_back({"fetchGit", 1, fetchRepo});
  v.push_back({"fetchMercurial", 1, fetchRepo});
  v.push_back({"fetchTree", 1, fetchRepo});
  v.push_back({"scopedImport", 2, scopedImport});
}

}  // namespace fw::eval
