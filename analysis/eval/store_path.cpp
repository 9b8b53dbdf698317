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
  NarWriter(EvalState& st, const Expr* site) : st_(st), site_(site) {}

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
          (void)entryKind;
          str("entry");
          str("(");
          str("name");
          str(name);
          str("node");
          dump(path == "/" ? "/" + name : path + "/" + name);
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
  EvalState& st_;
  const Expr* site_;
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
  checkAllowed(path, site);
  const std::string name = path == "/" ? "" : path.substr(path.rfind('/') + 1);
  if (!validName(name)) {
    fail(ErrorKind::Other, "path '" + path + "' cannot be copied to the store: its name '" + name +
                               "' is not a valid store path name",
         site);
  }
  NarWriter nar(*this, site);
  nar.str("nix-archive-1");
  nar.dump(path);
  const std::string storePath = makeStorePath("source", toHex(sha256(nar.bytes())), name);
  storePaths_.emplace(path, storePath);
  return storePath;
}

}  // namespace fw::eval
