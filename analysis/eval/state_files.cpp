// The base environment's values and everything that touches files:
// import, reads inside the allowed roots, search path lookups.

#include <algorithm>

#include "analysis/eval/compile.h"
#include "analysis/eval/file_cache.h"
#include "analysis/eval/state.h"

namespace fw::eval {

Value EvalState::baseValue(std::uint32_t index) {
  if (baseReady_[index]) return base_[index];
  const BaseEntry& e = rt.base()[index];
  Value v;
  if (e.primop) {
    v.type = Type::PrimOp;
    v.primop = e.primop;
  } else if (e.name == "true") {
    v = Value::boolean(true);
  } else if (e.name == "false") {
    v = Value::boolean(false);
  } else if (e.name == "null") {
    v = Value::null();
  } else if (e.name == "builtins") {
    // Set first: builtins.builtins refers to itself.
    Attrs* a = newAttrs(static_cast<std::uint32_t>(rt.base().size()));
    v = Value::ofAttrs(a);
    base_[index] = v;
    baseReady_[index] = true;
    for (std::uint32_t i = 0; i < rt.base().size(); ++i) {
      const BaseEntry& b = rt.base()[i];
      if (b.builtinName.empty()) continue;
      a->entries[a->size++] = {rt.symbols.intern(b.builtinName), 0, baseValue(i)};
    }
    (void)finishAttrs(a);
    return v;
  } else if (e.name == "derivation") {
    auto src = rt.derivationSource();
    keepAlive_.push_back(src);
    eval(src->root, nullptr, v);
  } else if (e.builtinName == "currentSystem") {
    v = newString(settings.currentSystem);
  } else if (e.builtinName == "currentTime") {
    v = Value::integer(settings.currentTime);
  } else if (e.builtinName == "nixVersion") {
    v = newString("2.8.0");
  } else if (e.builtinName == "langVersion") {
    v = Value::integer(6);
  } else if (e.builtinName == "storeDir") {
    v = newString("/nix/store");
  } else if (e.builtinName == "nixPath") {
    List* l = newList(static_cast<std::uint32_t>(settings.searchPath.size()));
    for (std::size_t i = 0; i < settings.searchPath.size(); ++i) {
      const SearchPathEntry& sp = settings.searchPath[i];
      l->elems[i] = makeAttrs({{sym.path, newString(sp.path)}, {sym.prefix, newString(sp.prefix)}});
    }
    v = Value::ofList(l);
  }
  base_[index] = v;
  baseReady_[index] = true;
  return v;
}

static bool underRoot(const std::string& path, const std::string& root) {
  if (root == "/") return true;
  return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                          path[root.size()] == '/');
}

void EvalState::checkAllowed(const std::string& path, const Expr* site) {
  if (resolvedRoots_.size() != settings.allowedRoots.size()) {
    resolvedRoots_.clear();
    for (const std::string& root : settings.allowedRoots) resolvedRoots_.push_back(files.fs().resolve(root));
  }
  const std::string real = files.fs().resolve(path);
  for (const std::string& root : resolvedRoots_) {
    if (underRoot(real, root)) return;
  }
  fail(ErrorKind::FileAccess,
       "access to path '" + path + "' is forbidden: it is outside the workspace and the search path",
       site);
}

std::string EvalState::readFile(const std::string& path, const Expr* site) {
  checkAllowed(path, site);
  std::string error;
  auto text = files.fs().read(files.fs().resolve(path), settings.maxFileBytes, error);
  if (!text) fail(ErrorKind::FileAccess, "opening file '" + path + "': " + error, site);
  return std::move(*text);
}

void EvalState::importFile(const std::string& given, Value& out, const Expr* site) {
  std::string path = given;
  checkAllowed(path, site);
  FileKind kind = files.fs().kind(path);
  if (kind == FileKind::Directory) {
    path += "/default.nix";
    kind = files.fs().kind(path);
  }
  if (auto it = imports_.find(path); it != imports_.end()) {
    out = it->second;
    force(out);
    return;
  }
  SourceFilePtr file;
  if (SyntaxTreePtr open = files.overlay(path)) {
    file = files.get(path, std::move(open), settings.home);
  } else {
    if (kind == FileKind::Missing) {
      fail(ErrorKind::FileAccess, "getting status of '" + path + "': No such file or directory", site);
    }
    file = files.get(path, readFile(path, site), settings.home);
  }
  if (!settings.tolerant && !file->problems.empty()) {
    const CompileProblem& p = file->problems.front();
    EvalError err(static_cast<ErrorKind>(p.kind), p.message);
    err.setPos(file.get(), p.range);
    throw err;
  }
  keepAlive_.push_back(file);
  // The file's value is shared by every import of it in this evaluation.
  Thunk* t = newThunk(file->root, nullptr);
  Value v = Value::ofThunk(t);
  imports_.emplace(path, v);
  try {
    force(v);
  } catch (EvalError& e) {
    if (e.wantsFrames()) e.addFrame("while evaluating the file '" + path + "'", site ? site->file : nullptr,
                                    site ? site->range : ByteRange{});
    throw;
  }
  imports_[path] = v;
  out = v;
}

std::string EvalState::findInSearchPath(std::string_view name, const Expr* site) {
  for (const SearchPathEntry& e : settings.searchPath) {
    std::string candidate;
    if (e.prefix.empty()) {
      candidate = e.path + "/" + std::string(name);
    } else if (name == e.prefix) {
      candidate = e.path;
    } else if (name.size() > e.prefix.size() && name.substr(0, e.prefix.size()) == e.prefix &&
               name[e.prefix.size()] == '/') {
      candidate = e.path + std::string(name.substr(e.prefix.size()));
    } else {
      continue;
    }
    candidate = canonicalPath(candidate);
    if (files.fs().kind(candidate) != FileKind::Missing) return candidate;
  }
  fail(ErrorKind::SearchPath,
       "file '" + std::string(name) +
           "' was not found in the Nix search path (add it using $NIX_PATH or -I)",
       site);
}

}  // namespace fw::eval
