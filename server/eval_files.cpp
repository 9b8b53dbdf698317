#include "server/eval_files.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fw::server {

namespace fs = std::filesystem;

namespace {
eval::FileKind kindOf(fs::file_status s) {
  switch (s.type()) {
    case fs::file_type::not_found:
    case fs::file_type::none:
      return eval::FileKind::Missing;
    case fs::file_type::regular:
      return eval::FileKind::Regular;
    case fs::file_type::directory:
      return eval::FileKind::Directory;
    case fs::file_type::symlink:
      return eval::FileKind::Symlink;
    default:
      return eval::FileKind::Other;
  }
}
}  // namespace

std::string DiskFileSystem::resolve(const std::string& path) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = files_.find(path); it != files_.end()) return it->second;
  }
  std::string r = resolveUncached(path);
  std::lock_guard lock(mutex_);
  files_.emplace(path, r);
  return r;
}

std::string DiskFileSystem::resolveUncached(const std::string& path) {
  std::error_code ec;
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos || path == "/") {
    const fs::path p = fs::weakly_canonical(fs::path(path), ec);
    return ec ? path : p.string();
  }
  const std::string dir = slash == 0 ? "/" : path.substr(0, slash);
  std::string resolvedDir;
  {
    std::lock_guard lock(mutex_);
    if (auto it = dirs_.find(dir); it != dirs_.end()) resolvedDir = it->second;
  }
  if (resolvedDir.empty()) {
    const fs::path p = fs::weakly_canonical(fs::path(dir), ec);
    resolvedDir = ec ? dir : p.string();
    std::lock_guard lock(mutex_);
    dirs_.emplace(dir, resolvedDir);
  }
  const std::string base = path.substr(slash + 1);
  if (base.empty() || base == "." || base == "..") {
    const fs::path p = fs::weakly_canonical(fs::path(path), ec);
    return ec ? path : p.string();
  }
  std::string joined = resolvedDir == "/" ? "/" + base : resolvedDir + "/" + base;
  // Only the last component may still be a symlink.
  if (fs::is_symlink(fs::symlink_status(joined, ec))) {
    const fs::path p = fs::weakly_canonical(fs::path(joined), ec);
    return ec ? joined : p.string();
  }
  return joined;
}

eval::FileKind DiskFileSystem::kind(const std::string& path) {
  std::error_code ec;
  return kindOf(fs::status(path, ec));
}

eval::FileKind DiskFileSystem::linkKind(const std::string& path) {
  std::error_code ec;
  return kindOf(fs::symlink_status(path, ec));
}

std::optional<std::string> DiskFileSystem::read(const std::string& path, std::size_t maxBytes,
                                                std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    error = "Is a directory";
    return std::nullopt;
  }
  if (st.st_size > 0 && static_cast<std::size_t>(st.st_size) > maxBytes) {
    ::close(fd);
    error = "file is larger than the limit of " + std::to_string(maxBytes) + " bytes";
    return std::nullopt;
  }
  std::string data;
  data.reserve(st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 4096);
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > maxBytes) {
      ::close(fd);
      error = "file is larger than the limit of " + std::to_string(maxBytes) + " bytes";
      return std::nullopt;
    }
  }
  ::close(fd);
  return data;
}

std::optional<std::vector<std::pair<std::string, eval::FileKind>>> DiskFileSystem::list(
    const std::string& path) {
  std::error_code ec;
  fs::directory_iterator it(path, ec);
  if (ec) return std::nullopt;
  std::vector<std::pair<std::string, eval::FileKind>> out;
  for (const fs::directory_entry& e : it) {
    out.push_back({e.path().filename().string(), kindOf(e.symlink_status(ec))});
  }
  return out;
}

std::optional<std::string> DiskFileSystem::readLink(const std::string& path) {
  std::error_code ec;
  const fs::path target = fs::read_symlink(path, ec);
  if (ec) return std::nullopt;
  return target.string();
}

bool DiskFileSystem::isExecutable(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR) != 0;
}

}  // namespace fw::server
