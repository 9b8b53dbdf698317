// Fuzz target: the evaluator on arbitrary expressions, with budgets.
//
// The input is a Nix expression (the front) and one control byte (the
// end): strict or lazy printing, JSON, tolerant mode. It is evaluated in a
// workspace held in memory (/ws, with a few files to import and read) next
// to files it must never see (/outside, /etc/passwd). Besides "no crash,
// no sanitizer report, no hang" (every evaluation has a step, depth and
// memory budget, so none can run away):
//  - the budget holds: an evaluation stops within its steps;
//  - the sandbox holds: no file outside /ws is looked at or read (only
//    resolved, which is how the evaluator finds out where a path points),
//    except the existence of /nix/store paths; and no process is started
//    (fork, exec, system and posix_spawn abort the run, below);
//  - evaluation is deterministic: a second, fresh evaluator prints the same
//    value or the same error.

#include <dlfcn.h>
#include <spawn.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "analysis/eval/evaluator.h"
#include "fuzz/fuzz_input.h"

using namespace fw;
using namespace fw::eval;

// The evaluator must never start a process. These definitions take the
// place of libc's in this binary: while an evaluation runs, any attempt
// ends the run as a crash; otherwise (libFuzzer's own -fork mode) they pass
// the call on to libc.
namespace {
std::atomic<bool> evaluating{false};

template <typename Fn>
Fn real(const char* name) {
  return reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, name));
}

void guard(const char* how) {
  if (evaluating) fw::fuzz::failed("the evaluator started a process", __FILE__, __LINE__, how);
}
}  // namespace

extern "C" {
int execve(const char* p, char* const a[], char* const e[]) noexcept {
  guard("execve");
  return real<int (*)(const char*, char* const[], char* const[])>("execve")(p, a, e);
}
int execv(const char* p, char* const a[]) noexcept {
  guard("execv");
  return real<int (*)(const char*, char* const[])>("execv")(p, a);
}
int execvp(const char* p, char* const a[]) noexcept {
  guard("execvp");
  return real<int (*)(const char*, char* const[])>("execvp")(p, a);
}
int system(const char* c) {
  guard("system");
  return real<int (*)(const char*)>("system")(c);
}
FILE* popen(const char* c, const char* m) {
  guard("popen");
  return real<FILE* (*)(const char*, const char*)>("popen")(c, m);
}
int posix_spawn(pid_t* pid, const char* p, const posix_spawn_file_actions_t* fa, const posix_spawnattr_t* at,
                char* const a[], char* const e[]) {
  guard("posix_spawn");
  return real<decltype(&posix_spawn)>("posix_spawn")(pid, p, fa, at, a, e);
}
int posix_spawnp(pid_t* pid, const char* p, const posix_spawn_file_actions_t* fa, const posix_spawnattr_t* at,
                 char* const a[], char* const e[]) {
  guard("posix_spawnp");
  return real<decltype(&posix_spawnp)>("posix_spawnp")(pid, p, fa, at, a, e);
}
pid_t fork() noexcept {
  guard("fork");
  return real<pid_t (*)()>("fork")();
}
}

namespace {

constexpr std::uint64_t kMaxSteps = 200000;

bool inside(const std::string& path, const std::string& root) {
  return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/');
}

// A file system that remembers any use of a path outside the workspace.
class Watched : public FileSystem {
 public:
  explicit Watched(std::shared_ptr<MemoryFileSystem> fs) : fs_(std::move(fs)) {}
  std::string violation;

  std::string resolve(const std::string& path) override { return fs_->resolve(path); }
  FileKind kind(const std::string& path) override {
    // Fetchers with a known hash ask whether the store path exists.
    if (!inside(path, "/nix/store")) check(path, "kind");
    return fs_->kind(path);
  }
  FileKind linkKind(const std::string& path) override {
    check(path, "linkKind");
    return fs_->linkKind(path);
  }
  std::optional<std::string> read(const std::string& path, std::size_t maxBytes, std::string& error) override {
    check(path, "read");
    return fs_->read(path, maxBytes, error);
  }
  std::optional<std::string> readLink(const std::string& path) override {
    check(path, "readLink");
    return fs_->readLink(path);
  }
  bool isExecutable(const std::string& path) override {
    check(path, "isExecutable");
    return fs_->isExecutable(path);
  }
  std::optional<std::vector<std::pair<std::string, FileKind>>> list(const std::string& path) override {
    check(path, "list");
    return fs_->list(path);
  }

 private:
  void check(const std::string& path, const char* what) {
    if (!inside(path, "/ws") && violation.empty()) violation = std::string(what) + " " + path;
  }
  std::shared_ptr<MemoryFileSystem> fs_;
};

std::shared_ptr<MemoryFileSystem> workspace() {
  auto fs = std::make_shared<MemoryFileSystem>();
  fs->add("/ws/default.nix", "{ lib ? import ./lib.nix }: { inherit (lib) x; y = lib.f 2; }");
  fs->add("/ws/lib.nix", "rec { x = 1; f = a: a + x; names = builtins.attrNames (builtins.readDir ./.); }");
  fs->add("/ws/data.txt", "line one\nline two\n");
  fs->add("/ws/data.json", R"({"a": [1, 2.5, "s", null, true], "b": {"c": {}}})");
  fs->add("/ws/dir/b.nix", "import ../lib.nix");
  fs->add("/ws/loop.nix", "import ./loop.nix");
  fs->add("/outside/secret.nix", "\"secret\"");
  fs->add("/outside/secret.txt", "secret");
  fs->add("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
  return fs;
}

struct Result {
  std::string text;
  std::uint64_t steps = 0;
  std::string violation;
};

Result evaluate(const std::string& text, std::uint8_t ctl) {
  auto watched = std::make_shared<Watched>(workspace());
  Evaluator ev(watched);
  EvalSettings settings;
  settings.allowedRoots = {"/ws"};
  settings.home = "/ws";
  settings.budget.maxSteps = kMaxSteps;
  settings.budget.maxDepth = 5000;
  settings.budget.maxMemory = std::size_t{256} << 20;
  settings.maxFileBytes = 1 << 20;
  settings.tolerant = (ctl & 4) != 0;
  Result r;
  evaluating = true;
  {
    Evaluation run(ev, settings);
    const bool strict = (ctl & 1) != 0;
    auto v = run.evalExpr(text, "/ws");
    if (!v.ok()) {
      r.text = "error: " + v.error->message;
    } else {
      auto printed = (ctl & 2) ? run.toJson(*v.value, strict) : run.print(*v.value, strict);
      r.text = printed.ok() ? *printed.value : "error: " + printed.error->message;
    }
    r.steps = run.steps();
  }
  evaluating = false;
  r.violation = watched->violation;
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return 0;
  fuzz::InputReader in(data, size);
  const std::uint8_t ctl = in.byte();
  const std::string text(in.rest());

  const Result first = evaluate(text, ctl);
  FUZZ_CHECK(first.violation.empty(), "a file outside the workspace was touched: " + first.violation);
  // Steps are counted in small units; a few more than the budget are the
  // work between two checks.
  FUZZ_CHECK(first.steps <= kMaxSteps + 1000, "the step budget did not hold: " + std::to_string(first.steps));
  const Result second = evaluate(text, ctl);
  FUZZ_CHECK(first.text == second.text, "two evaluations differ:\n" + first.text + "\n---\n" + second.text);
  return 0;
}
