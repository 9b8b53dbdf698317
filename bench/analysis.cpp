// Analysis cost over a workspace, in process and on one thread: parsing
// alone, then parsing plus everything `flakewise check` computes (syntax
// diagnostics, names, lints), then the workspace index (outline + imports
// per file) and its memory against the source size.
//
// usage: bench_analysis [--runs N] DIR
// Prints a markdown table. CPU time (this thread) is reported next to wall
// time: on a shared machine the CPU time is the stable number.

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "analysis/features.h"
#include "analysis/semantic.h"
#include "server/files.h"
#include "server/workspace_index.h"

namespace {

using Clock = std::chrono::steady_clock;

double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Timing {
  double wall = 0, cpu = 0;
};

template <typename Fn>
Timing timeIt(Fn&& fn) {
  const auto w0 = Clock::now();
  const double c0 = cpuSeconds();
  fn();
  return {std::chrono::duration<double>(Clock::now() - w0).count(), cpuSeconds() - c0};
}

Timing best(std::vector<Timing> v) {
  return *std::min_element(v.begin(), v.end(), [](const Timing& a, const Timing& b) { return a.cpu < b.cpu; });
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) runs = std::stoi(argv[++i]);
    else dir = a;
  }
  if (dir.empty()) {
    std::cerr << "usage: bench_analysis [--runs N] DIR\n";
    return 2;
  }
  const fw::server::FileListing listing = fw::server::collectNixFiles({dir});
  std::vector<std::pair<std::string, std::string>> files;
  std::size_t bytes = 0;
  for (const auto& p : listing.files) {
    std::string err;
    if (auto t = fw::server::readFile(p, err)) {
      bytes += t->size();
      files.emplace_back(p.string(), std::move(*t));
    }
  }
  std::vector<Timing> parse, full, index;
  std::size_t diagnostics = 0, indexBytes = 0, symbols = 0;
  for (int r = 0; r < runs; ++r) {
    parse.push_back(timeIt([&] {
      for (const auto& [p, t] : files) (void)fw::SyntaxTree::parse(t);
    }));
    full.push_back(timeIt([&] {
      diagnostics = 0;
      for (const auto& [p, t] : files) {
        const fw::SyntaxTreePtr tree = fw::SyntaxTree::parse(t);
        diagnostics += fw::fileDiagnostics(*tree).size();
      }
    }));
    fw::server::WorkspaceIndex idx;
    index.push_back(timeIt([&] {
      for (const auto& [p, t] : files) {
        const fw::SyntaxTreePtr tree = fw::SyntaxTree::parse(t);
        idx.put(p, fw::server::WorkspaceIndex::summarise(p, *tree));
      }
    }));
    indexBytes = idx.memoryBytes();
    symbols = idx.search("", 1u << 30).size();
  }
  const Timing p = best(parse), f = best(full), x = best(index);
  const double mib = static_cast<double>(bytes) / (1 << 20);
  std::printf("| | wall s | CPU s | MiB/s (CPU) | vs parse (CPU) |\n|---|---|---|---|---|\n");
  std::printf("| parse only | %.2f | %.2f | %.1f | 1.00x |\n", p.wall, p.cpu, mib / p.cpu);
  std::printf("| parse + diagnostics (syntax, names, lints) | %.2f | %.2f | %.1f | %.2fx |\n", f.wall, f.cpu,
              mib / f.cpu, f.cpu / p.cpu);
  std::printf("| parse + index (outline, imports) | %.2f | %.2f | %.1f | %.2fx |\n", x.wall, x.cpu, mib / x.cpu,
              x.cpu / p.cpu);
  std::printf("\n%zu files, %.1f MiB; best of %d runs by CPU time; one thread. %zu diagnostics. Index: %zu "
              "symbols, %.1f MiB held (%.2fx the source).\n",
              files.size(), mib, runs, diagnostics, symbols, static_cast<double>(indexBytes) / (1 << 20),
              static_cast<double>(indexBytes) / static_cast<double>(bytes));
  return 0;
}
