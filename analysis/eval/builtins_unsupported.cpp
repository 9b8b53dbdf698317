// Builtins that would fetch, write to the store or run code, and the few
// flakewise does not implement. Fetchers return opaque placeholders (a
// store-like path string marked opaque: importing it is a clean error);
// the others raise an "unsupported builtin" error naming themselves.

#include "analysis/eval/builtins_util.h"
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

FW_PRIM(fetchPath) {
  const std::string target = fetchTarget(st, args[0], site);
  out = placeholderPath(st, target, fetchName(st, args[0]));
}

FW_PRIM(fetchRepo) {
  const std::string target = fetchTarget(st, args[0], site);
  Value path = placeholderPath(st, target, fetchName(st, args[0]));
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
FW_UNSUPPORTED(storePath, "storePath")
FW_UNSUPPORTED(toXML, "toXML")
FW_UNSUPPORTED(scopedImport, "scopedImport")
#undef FW_UNSUPPORTED

}  // namespace

void addUnsupportedBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"fetchTarball", 1, fetchPath});
  v.push_back({"fetchurl", 1, fetchPath});
  v.push_back({"fetchGit", 1, fetchRepo});
  v.push_back({"fetchMercurial", 1, fetchRepo});
  v.push_back({"fetchTree", 1, fetchRepo});
  v.push_back({"storePath", 1, storePath});
  v.push_back({"toXML", 1, toXML});
  v.push_back({"scopedImport", 2, scopedImport});
}

}  // namespace fw::eval
