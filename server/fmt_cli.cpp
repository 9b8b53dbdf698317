// `flakewise fmt`: formats files in place, or checks them for CI.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>
#include <thread>

#include "formatter/format.h"
#include "server/check.h"
#include "server/files.h"

namespace fw::server {

namespace {

const char* fmtUsage() {
  return "usage: flakewise fmt [--check] [--diff] [--indent-width N] [--line-width N]\n"
         "                     [--jobs N] [--quiet] PATH...\n"
         "\n"
         "Formats Nix files in place (directories are searched for *.nix). `-` reads\n"
         "standard input and writes the result to standard output.\n"
         "\n"
         "  --check           change nothing; list the files that would change, exit 1 if any\n"
         "  --diff            change nothing; print a unified diff of what would change\n"
         "  --indent-width N  spaces per indentation level (default 2)\n"
         "  --line-width N    target line width (default 100)\n"
         "  --jobs N, -j N    files formatted in parallel (default: all cores)\n"
         "  --quiet, -q       no summary line\n"
         "\n"
         "Exit codes: 0 done (or nothing to change), 1 files would change (--check) or\n"
         "could not be formatted (syntax errors), 2 bad usage or an unreadable path.\n";
}

struct FmtOptions {
  bool check = false;
  bool diff = false;
  bool quiet = false;
  unsigned jobs = 0;
  FormatOptions format;
  std::vector<std::string> paths;
};

enum class Outcome { Unchanged, Changed, Refused, Unreadable, WriteFailed };

struct FileJob {
  std::string path;
  Outcome outcome = Outcome::Unchanged;
  std::string message;
  std::string before, after;
};

// Replaces the file's content atomically (a temporary file in the same
// directory, renamed over it), keeping its permission bits.
bool writeInPlace(const std::string& path, const std::string& data, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = path + ": " + std::strerror(errno);
    return false;
  }
  std::string tmp = path + ".flakewise-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    error = path + ": cannot create a temporary file beside it: " + std::strerror(errno);
    return false;
  }
  std::size_t done = 0;
  bool ok = true;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ok = false;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fchmod(fd, st.st_mode & 07777) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    error = path + ": cannot write: " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

void formatOne(FileJob& job, const FmtOptions& opt, std::string text) {
  job.before = std::move(text);
  const SyntaxTreePtr tree = SyntaxTree::parse(job.before);
  FormatResult r = formatDocument(*tree, opt.format);
  if (r.error) {
    job.outcome = Outcome::Refused;
    job.message = *r.error;
    return;
  }
  job.after = std::move(r.text);
  job.outcome = job.after == job.before ? Outcome::Unchanged : Outcome::Changed;
}

}  // namespace

int runFmt(const std::vector<std::string>& args) {
  FmtOptions opt;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto number = [&](const char* name, std::uint32_t lo, std::uint32_t hi, std::uint32_t& out) {
      if (i + 1 >= args.size()) {
        std::cerr << "flakewise fmt: " << name << " needs a value\n" << fmtUsage();
        return false;
      }
      try {
        const unsigned long v = std::stoul(args[++i]);
        if (v < lo || v > hi) throw std::out_of_range(name);
        out = static_cast<std::uint32_t>(v);
        return true;
      } catch (const std::exception&) {
        std::cerr << "flakewise fmt: " << name << " takes a number from " << lo << " to " << hi << '\n';
        return false;
      }
    };
    if (a == "--check") {
      opt.check = true;
    } else if (a == "--diff") {
      opt.diff = true;
    } else if (a == "--quiet" || a == "-q") {
      opt.quiet = true;
    } else if (a == "--indent-width") {
      if (!number("--indent-width", 1, 16, opt.format.indentWidth)) return 2;
    } else if (a == "--line-width") {
      if (!number("--line-width", 20, 1000, opt.format.lineWidth)) return 2;
    } else if (a == "--jobs" || a == "-j") {
      std::uint32_t j = 0;
      if (!number("--jobs", 1, 1024, j)) return 2;
      opt.jobs = j;
    } else if (a == "--help" || a == "-h") {
      std::cout << fmtUsage();
      return 0;
    } else if (a == "--") {
      for (++i; i < args.size(); ++i) opt.paths.push_back(args[i]);
    } else if (a.starts_with("-") && a != "-") {
      std::cerr << "flakewise fmt: unknown option '" << a << "'\n" << fmtUsage();
      return 2;
    } else {
      opt.paths.push_back(a);
    }
  }
  if (opt.paths.empty()) {
    std::cerr << "flakewise fmt: no paths given\n" << fmtUsage();
    return 2;
  }

  // Standard input: the result goes to standard output.
  if (std::find(opt.paths.begin(), opt.paths.end(), "-") != opt.paths.end()) {
    if (opt.paths.size() != 1) {
      std::cerr << "flakewise fmt: '-' (standard input) cannot be mixed with other paths\n";
      return 2;
    }
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    FileJob job;
    job.path = "<stdin>";
    formatOne(job, opt, std::move(text));
    if (job.outcome == Outcome::Refused) {
      std::cerr << "flakewise fmt: <stdin>: " << job.message << '\n';
      if (!opt.check && !opt.diff) std::cout << job.before;
      return 1;
    }
    const bool changed = job.outcome == Outcome::Changed;
    if (opt.diff) std::cout << unifiedDiff(job.before, job.after, "<stdin>", "<stdin>");
    if (opt.check && changed) std::cout << "<stdin>\n";
    if (!opt.check && !opt.diff) std::cout << job.after;
    return opt.check && changed ? 1 : 0;
  }

  FileListing listing = collectNixFiles(opt.paths);
  std::vector<FileJob> jobs(listing.files.size());
  std::atomic<std::size_t> next{0};
  const unsigned threads = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
  const bool write = !opt.check && !opt.diff;
  auto worker = [&] {
    for (;;) {
      const std::size_t k = next.fetch_add(1);
      if (k >= jobs.size()) return;
      FileJob& job = jobs[k];
      job.path = listing.files[k].string();
      std::string err;
      std::optional<std::string> text = readFile(listing.files[k], err);
      if (!text) {
        job.outcome = Outcome::Unreadable;
        job.message = err;
        continue;
      }
      formatOne(job, opt, std::move(*text));
      if (write && job.outcome == Outcome::Changed && !writeInPlace(job.path, job.after, err)) {
        job.outcome = Outcome::WriteFailed;
        job.message = err;
      }
      if (!opt.diff) {
        // Only --diff needs the texts afterwards.
        job.before.clear();
        job.before.shrink_to_fit();
        job.after.clear();
        job.after.shrink_to_fit();
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < std::min<std::size_t>(threads, jobs.size()); ++t) pool.emplace_back(worker);
    worker();
  }

  std::size_t changed = 0, unchanged = 0, refused = 0;
  bool failed = !listing.errors.empty();
  for (const FileJob& job : jobs) {
    switch (job.outcome) {
      case Outcome::Unchanged: ++unchanged; break;
      case Outcome::Changed:
        ++changed;
        if (opt.diff) std::cout << unifiedDiff(job.before, job.after, job.path, job.path);
        if (opt.check) std::cout << job.path << '\n';
        break;
      case Outcome::Refused:
        ++refused;
        std::cerr << job.path << ": " << job.message << '\n';
        break;
      case Outcome::Unreadable:
      case Outcome::WriteFailed:
        failed = true;
        std::cerr << "flakewise fmt: " << job.message << '\n';
        break;
    }
  }
  std::cout.flush();
  for (const std::string& e : listing.errors) std::cerr << "flakewise fmt: " << e << '\n';
  if (!opt.quiet) {
    auto plural = [](std::size_t n, const char* word) {
      return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
    };
    std::string line = write ? plural(changed, "file") + " reformatted"
                             : plural(changed, "file") + " would be reformatted";
    line += ", " + std::to_string(unchanged) + " unchanged";
    if (refused) line += ", " + std::to_string(refused) + " not formatted";
    std::cerr << line << '\n';
  }
  if (failed) return 2;
  if (refused) return 1;
  return opt.check && changed ? 1 : 0;
}

}  // namespace fw::server
