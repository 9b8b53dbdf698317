#include "server/files.h"

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

std::optional<std::string> readFile(const fs::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path.string() + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::string data;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size > 0) {
    data.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(data.data(), size);
  } else {
    // Not seekable (a pipe, /proc): read as a stream.
    in.clear();
    in.seekg(0);
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (in.bad()) {
    error = path.string() + ": read error";
    return std::nullopt;
  }
  return data;
}

}  // namespace fw::server
