// Evaluating an untrusted workspace (docs/RELIABILITY.md): `flakewise
// eval` reads nothing outside the workspace, the file's directory and the
// search path, and never starts a process. The binary runs with a preload
// (tests/support/no_spawn.c) that turns any exec, fork, system, popen or
// posix_spawn into exit code 99.

#include <doctest/doctest.h>

#include <filesystem>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

// `flakewise eval ARGS...` in `dir`, with process starts forbidden.
RunResult evalNoSpawn(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/bin/sh", "-c",
                                   "cd \"$1\" && shift && LD_PRELOAD=\"$0\" ASAN_OPTIONS=verify_asan_link_order=0 "
                                   "exec \"$@\"",
                                   FLAKEWISE_NO_SPAWN_LIB, dir, flakewiseBinary(), "eval"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, "", 60s);
}

}  // namespace

TEST_CASE("the process guard works: a program that starts a process is stopped") {
  TempDir d;
  const RunResult r = run({"/bin/sh", "-c", "LD_PRELOAD=\"$0\" /bin/sh -c '/bin/true; /bin/true'", FLAKEWISE_NO_SPAWN_LIB});
  CHECK(r.code == 99);
  CHECK(r.err.find("no_spawn: process start attempted") != std::string::npos);
}

TEST_CASE("evaluating an untrusted workspace reads nothing outside it and starts no process") {
  TempDir ws, outside;
  const std::string secret = outside.write("secret.nix", "\"the secret\"\n");
  outside.write("secret.txt", "the secret\n");
  ws.write("lib.nix", "{ x = 1; }\n");
  std::filesystem::create_symlink(secret, ws.path() + "/link.nix");
  const std::string rel = std::filesystem::relative(outside.path(), ws.path()).string();
  const std::vector<std::string> forbidden = {
      "builtins.readFile \"/etc/passwd\"",
      "builtins.readFile /etc/passwd",
      "import /etc/passwd",
      "import " + secret,
      "import ./" + rel + "/secret.nix",
      "builtins.readFile ./" + rel + "/secret.txt",
      "import ./link.nix",
      "builtins.readDir /etc",
      "builtins.pathExists /etc/passwd",
      "builtins.hashFile \"sha256\" /etc/passwd",
      "builtins.path { path = /etc; }",
      "builtins.filterSource (p: t: true) /etc",
      "\"${/etc/passwd}\"",
      "builtins.tryEval (builtins.readFile /etc/passwd)",
  };
  for (const std::string& e : forbidden) {
    INFO(e);
    const RunResult r = evalNoSpawn(ws.path(), {"--strict", "--expr", e});
    CHECK(r.code == 1);
    CHECK(r.err.find("is forbidden") != std::string::npos);
    CHECK(r.out.find("root:") == std::string::npos);
    CHECK(r.out.find("the secret") == std::string::npos);
  }
  // What would run a program or load native code does not exist; fetchers
  // and derivations compute store paths without fetching or building.
  const std::vector<std::string> noProcess = {
      "builtins.exec [ \"/bin/sh\" \"-c\" \"touch pwned\" ]",
      "builtins.importNative /lib/x86_64-linux-gnu/libc.so.6 \"system\"",
      "builtins.fetchurl \"http://127.0.0.1:9/x\"",
      "builtins.fetchTarball \"http://127.0.0.1:9/x.tar.gz\"",
      "builtins.fetchGit \"/etc\"",
      "(derivation { name = \"x\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; args = [ \"-c\" \"touch pwned\" ]; }).outPath",
      "import (derivation { name = \"x\"; system = \"x86_64-linux\"; builder = \"/bin/sh\"; })",
  };
  for (const std::string& e : noProcess) {
    INFO(e);
    const RunResult r = evalNoSpawn(ws.path(), {"--strict", "--expr", e});
    CHECK(r.code != 99);
    CHECK((r.code == 0 || r.code == 1));
    CHECK(r.err.find("no_spawn") == std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(ws.path() + "/pwned"));
  // The workspace itself is readable.
  const RunResult ok = evalNoSpawn(ws.path(), {"--expr", "(import ./lib.nix).x"});
  CHECK(ok.code == 0);
  CHECK(ok.out == "1\n");
}
