// File builtins. Every read goes through EvalState::readFile / the
// FileSystem interface and is refused outside the allowed roots.

#include "analysis/eval/builtins_util.h"
#include "analysis/eval/compile.h"
#include "analysis/eval/file_cache.h"

namespace fw::eval {

namespace {

FW_PRIM(pathExists) {
  const std::string path = canonicalPath(st.coerceToPath(args[0], site));
  st.checkAllowed(path, site);
  out = Value::boolean(st.files.fs().kind(st.files.fs().resolve(path)) != FileKind::Missing);
}

FW_PRIM(readFilePrim) {
  const std::string path = st.coerceToPath(args[0], site);
  out = st.newString(st.readFile(path, site));
}

const char* kindName(FileKind k) {
  switch (k) {
    case FileKind::Regular:
      return "regular";
    case FileKind::Directory:
      return "directory";
    case FileKind::Symlink:
      return "symlink";
    default:
      return "unknown";
  }
}

FW_PRIM(readDir) {
  const std::string path = st.coerceToPath(args[0], site);
  st.checkAllowed(path, site);
  auto entries = st.files.fs().list(st.files.fs().resolve(path));
  if (!entries) {
    st.fail(ErrorKind::FileAccess, "opening directory '" + path + "': No such file or directory", site);
  }
  std::vector<std::pair<Symbol, Value>> out2;
  for (auto& [name, kind] : *entries) {
    out2.push_back({st.rt.symbols.intern(name), st.newString(kindName(kind))});
  }
  out = st.makeAttrs(std::move(out2));
}

// findFile searchPath name, with searchPath a list of { prefix, path }.
FW_PRIM(findFile) {
  List* l = st.forceList(args[0], site);
  const std::string name(st.forceString(args[1], site));
  for (Value& e : *l) {
    Attrs* a = st.forceAttrs(e, site);
    Attr* p = a->find(st.sym.path);
    if (!p) st.fail(ErrorKind::MissingAttribute, "attribute 'path' missing", site);
    Attr* pre = a->find(st.sym.prefix);
    const std::string prefix = pre ? std::string(st.forceString(pre->value, site)) : "";
    const std::string base = st.coerceToString(p->value, site, false, false);
    std::string candidate;
    if (prefix.empty()) {
      candidate = base + "/" + name;
    } else if (name == prefix) {
      candidate = base;
    } else if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
               name[prefix.size()] == '/') {
      candidate = base + name.substr(prefix.size());
    } else {
      continue;
    }
    candidate = canonicalPath(candidate);
    st.checkAllowed(candidate, site);
    if (st.files.fs().kind(st.files.fs().resolve(candidate)) != FileKind::Missing) {
      out = st.newString(candidate, Type::Path);
      return;
    }
  }
  st.fail(ErrorKind::SearchPath,
          "file '" + name + "' was not found in the Nix search path (add it using $NIX_PATH or -I)",
          site);
}

// builtins.path { path, name ? base name, filter ? keep all, recursive ? true, sha256 ? ... }:
// the store path Nix would copy the path to (computed, not written).
FW_PRIM(pathPrim) {
  Attrs* a = st.forceAttrs(args[0], site);
  Attr* p = a->find(st.sym.path);
  if (!p) st.fail(ErrorKind::Other, "'path' required", site);
  const std::string path = st.coerceToPath(p->value, site);
  std::string name;
  if (Attr* n = a->find(st.sym.name)) name = std::string(st.forceString(n->value, site));
  const Value* filter = nullptr;
  if (Attr* f = a->find(st.rt.symbols.intern("filter"))) {
    st.forceFunction(f->value, site);
    filter = &f->value;
  }
  bool recursive = true;
  if (Attr* r = a->find(st.rt.symbols.intern("recursive"))) recursive = st.forceBool(r->value, site);
  out = st.newString(st.addToStore(path, name, filter, recursive, site));
}

// storePath: a path in the store, returned as a string (Nix would also
// record it as a dependency). As in Nix 2.8's evaluation, a path inside a
// store object must exist; a store object named on its own is not checked.
FW_PRIM(storePath) {
  const std::string path = canonicalPath(st.coerceToPath(args[0], site));
  const std::string prefix = "/nix/store/";
  if (path.compare(0, prefix.size(), prefix) != 0 || path.size() < prefix.size() + 34) {
    st.fail(ErrorKind::Other, "path '" + path + "' is not in the Nix store", site);
  }
  if (const std::size_t slash = path.find('/', prefix.size()); slash != std::string::npos) {
    const std::string object = path.substr(0, slash);
    if (st.files.fs().kind(path) == FileKind::Missing) {
      const std::string missing = st.files.fs().kind(object) == FileKind::Missing ? object : path;
      st.fail(ErrorKind::FileAccess, "getting status of '" + missing + "': No such file or directory", site);
    }
  }
  out = st.newString(path);
}

FW_PRIM(filterSource) {
  st.forceFunction(args[0], site);
  const std::string path = st.coerceToPath(args[1], site);
  out = st.newString(st.addToStore(path, "", &args[0], true, site));
}

}  // namespace

void addFileBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"path", 1, pathPrim});
  v.push_back({"filterSource", 2, filterSource});
  v.push_back({"storePath", 1, storePath});
  v.push_back({"pathExists", 1, pathExists});
  v.push_back({"readFile", 1, readFilePrim});
  v.push_back({"readDir", 1, readDir});
  v.push_back({"findFile", 2, findFile});
}

}  // namespace fw::eval
