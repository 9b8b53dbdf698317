// The store path Nix would give a local path when it copies it to the
// store (string interpolation, `+` on strings, toJSON, derivation
// attributes): the SHA-256 of the path's NAR serialisation, computed
// without writing anything. Reads stay inside the allowed roots; symlinks
// are recorded, not followed.

#include <algorithm>

#include "analysis/eval/compile.h"
#include "analysis/eval/file_cache.h"
#include "analysis/eval/hash.h"
#include "analysis/eval/state.h"

namespace fw::eval {

namespace {

// Copying a tree bigger than this is refused (Nix would copy it; an editor
// should not hash a whole disk to show a value).
constexpr std::size_t kMaxNarBytes = std::size_t{256} << 20;

class NarWriter {
 public:
  // `filter` (optional) is a Nix function (path: type: bool) deciding which
  // directory entries are kept, as in builtins.path and filterSource.
  NarWriter(EvalState& st, const Expr* site, const Value* filter = nullptr)
      : st_(st), site_(site), filter_(filter) {}

  void str(std::string_view s) {
    char len[8];
    std::uint64_t n = s.size();
    for (char& c : len) {
      c = static_cast<char>(n & 0xff);
      n >>= 8;
    }
    out_.append(len, 8);
    out_.append(s);
    out_.append((8 - s.size() % 8) % 8, '\0');
    if (out_.size() > kMaxNarBytes) {
      st_.fail(ErrorKind::Limit,
               "evaluation limit reached: copying more than " + std::to_string(kMaxNarBytes >> 20) +
                   " MiB to the store",
               site_);
    }
  }

  void dump(const std::string& path) {
    EvalState::DepthGuard guard(st_);
    FileSystem& fs = st_.files.fs();
    const FileKind kind = fs.linkKind(path);
    str("(");
    str("type");
    switch (kind) {
      case FileKind::Regular: {
        str("regular");
        if (fs.isExecutable(path)) {
          str("executable");
          str("");
        }
        str("contents");
        std::string error;
        auto data = fs.read(path, st_.settings.maxFileBytes, error);
        if (!data) st_.fail(ErrorKind::FileAccess, "cannot read '" + path + "': " + error, site_);
        str(*data);
        break;
      }
      case FileKind::Symlink: {
        str("symlink");
        str("target");
        auto target = fs.readLink(path);
        if (!target) st_.fail(ErrorKind::FileAccess, "cannot read the symlink '" + path + "'", site_);
        str(*target);
        break;
      }
      case FileKind::Directory: {
        str("directory");
        auto entries = fs.list(path);
        if (!entries) st_.fail(ErrorKind::FileAccess, "cannot read directory '" + path + "'", site_);
        std::sort(entries->begin(), entries->end());
        for (const auto& [name, entryKind] : *entries) {
          const std::string child = path == "/" ? "/" + name : path + "/" + name;
          if (filter_ && !keep(child, entryKind)) continue;
          str("entry");
          str("(");
          str("name");
          str(name);
          str("node");
          dump(child);
          str(")");
        }
        break;
      }
      case FileKind::Missing:
        st_.fail(ErrorKind::FileAccess, "getting status of '" + path + "': No such file or directory", site_);
      default:
        st_.fail(ErrorKind::FileAccess, "file '" + path + "' has an unsupported type", site_);
    }
    str(")");
  }

  [[nodiscard]] const std::string& bytes() const { return out_; }

 private:
  bool keep(const std::string& path, FileKind kind) {
    const char* type = kind == FileKind::Regular     ? "regular"
                       : kind == FileKind::Directory ? "directory"
                       : kind == FileKind::Symlink   ? "symlink"
                                                     : "unknown";
    Value args[2] = {st_.newString(path), st_.newString(type)};
    Value r;
    st_.call(*filter_, args, 2, r, site_);
    return st_.forceBool(r, site_);
  }

  EvalState& st_;
  const Expr* site_;
  const Value* filter_;
  std::string out_;
};

bool validName(std::string_view name) {
  if (name.empty() || name[0] == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("+-._?=").find(c) != std::string_view::npos;
  });
}

}  // namespace

std::string EvalState::copyPathToStore(const std::string& given, const Expr* site) {
  const std::string path = canonicalPath(given);
  if (auto it = storePaths_.find(path); it != storePaths_.end()) return it->second;
  const std::string storePath = addToStore(path, "", nullptr, true, site);
  storePaths_.emplace(path, storePath);
  return storePath;
}

std::string EvalState::addToStore(const std::string& given, std::string name, const Value* filter,
                                  bool recursive, const Expr* site) {
  const std::string path = canonicalPath(given);
  checkAllowed(path, site);
  if (name.empty()) name = path == "/" ? "" : path.substr(path.rfind('/') + 1);
  if (!validName(name)) {
    fail(ErrorKind::Other, "store path name '" + name + "' of '" + path + "' contains an illegal character",
         site);
  }
  if (!recursive) {
    // Flat: the file's own hash, as a fixed-output path.
    std::string error;
    auto data = files.fs().read(files.fs().resolve(path), settings.maxFileBytes, error);
    if (!data) fail(ErrorKind::FileAccess, "opening file '" + path + "': " + error, site);
    const std::string inner = "fixed:out:sha256:" + toHex(sha256(*data)) + ":";
    return makeStorePath("output:out", toHex(sha256(inner)), name);
  }
  NarWriter nar(*this, site, filter);
  nar.str("nix-archive-1");
  nar.dump(path);
  return makeStorePath("source", toHex(sha256(nar.bytes())), name);
}

}  // namespace fw::eval
