#include "server/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace fw::server {

namespace fs = std::filesystem;

namespace {

bool skippedName(const fs::directory_entry& e) {
  const std::string name = e.path().filename().string();
  if (name == ".git" || name == "node_modules") return true;
  std::error_code ec;
  if ((name == "result" || name.starts_with("result-")) && e.is_symlink(ec)) return true;
  return false;
}

}  // namespace

FileListing collectNixFiles(const std::vector<std::string>& paths) {
  FileListing out;
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      out.errors.push_back(p + ": " + (ec ? ec.message() : std::string("no such file or directory")));
      continue;
    }
    if (!fs::is_directory(st)) {
      out.files.emplace_back(p);
      continue;
    }
    fs::recursive_directory_iterator it(p, fs::directory_options::none, ec);
    if (ec) {
      out.errors.push_back(p + ": " + ec.message());
      continue;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        out.errors.push_back(it->path().string() + ": " + ec.message());
        ec.clear();
        continue;
      }
      const fs::directory_entry& e = *it;
      if (skippedName(e)) {
        if (e.is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (e.path().extension() == ".nix" && e.is_regular_file(ec)) out.files.push_back(e.path());
    }
    if (ec) out.errors.push_back(p + ": " + ec.message());
  }
  std::sort(out.files.begin(), out.files.end());
  out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
  return out;
}

std::optional<std::string> readFile(const fs::path& path, std::string& error, std::size_t maxBytes) {
  // Opened without blocking: a FIFO in a workspace would otherwise stop
  // the reader until some writer came. Only then is it made blocking again
  // (a FIFO without a writer reads as empty).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = path.string() + ": " + std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    error = path.string() + ": " + std::strerror(S_ISDIR(st.st_mode) ? EISDIR : errno);
    ::close(fd);
    return std::nullopt;
  }
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > maxBytes) {
    error = path.string() + ": larger than " + std::to_string(maxBytes) + " bytes";
    ::close(fd);
    return std::nullopt;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string data;
  // Regular files are read at their size; others (pipes, /proc) as a
  // stream, up to the limit.
  if (S_ISREG(st.st_mode)) data.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = path.string() + ": " + std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > maxBytes) {
      error = path.string() + ": larger than " + std::to_string(maxBytes) + " bytes";
      ::close(fd);
      return std::nullopt;
    }
  }
  ::close(fd);
  return data;
}

}  // namespace fw::server
