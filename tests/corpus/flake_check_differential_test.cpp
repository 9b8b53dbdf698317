// flakewise's output shape checks against `nix flake check --no-build`
// (Nix 2.8, Debian's nix-bin) on small flakes without inputs, one problem
// each. Nix stops at the first error, so each case has one. Where Nix 2.8
// has an opinion, flakewise must agree on error / warning / nothing;
// where they differ on purpose, the case says so and asserts both sides.

#include <doctest/doctest.h>

#include <fstream>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

enum class Verdict { None, Warning, Error };

const char* name(Verdict v) { return v == Verdict::Error ? "error" : v == Verdict::Warning ? "warning" : "none"; }

struct Case {
  std::string outputs;  // the body of the outputs set
  Verdict nix;          // what Nix 2.8 says
  Verdict flakewise;    // what flakewise says (equal unless a known difference)
  std::string why = {};  // for known differences
};

const std::vector<Case>& cases() {
  static const std::vector<Case> c = {
      {R"(packages.x86_64-linux.ok = derivation { name = "x"; builder = "/bin/sh"; system = "x86_64-linux"; };)",
       Verdict::None, Verdict::None},
      {R"(packages.x86_64-linux.hello = "str";)", Verdict::Error, Verdict::Error},
      {R"(packages.x86_64-linux.notdrv = { type = "app"; };)", Verdict::Error, Verdict::Error},
      {R"(packages.x86_64-linux = 1;)", Verdict::Error, Verdict::Error},
      {R"(checks.x86_64-linux.c = 1;)", Verdict::Error, Verdict::Error},
      {R"(devShells.x86_64-linux.default = 42;)", Verdict::Error, Verdict::Error},
      {R"(overlays.default = { };)", Verdict::Error, Verdict::Error},
      {R"(overlays.o = final: prev: { };)", Verdict::None, Verdict::None},
      {R"(nixosModules.m = 42;)", Verdict::Error, Verdict::Error},
      {R"(nixosModules.m = { config = { }; };)", Verdict::None, Verdict::None},
      {R"(surprise = 1;)", Verdict::Warning, Verdict::Warning},
      {R"(defaultPackage.x86_64-linux = derivation { name = "x"; builder = "/bin/sh"; system = "x86_64-linux"; };)",
       Verdict::Warning, Verdict::Warning},
      {R"(apps.x86_64-linux.a = { type = "app"; program = "/bin/sh"; };)", Verdict::None, Verdict::None},
      // Known differences.
      {R"(apps.x86_64-linux.a = { type = "app"; };)", Verdict::None, Verdict::Error,
       "Nix 2.8 does not check apps; `nix run` fails without program, and later Nix versions check it"},
      {R"(apps.x86_64-linux.a = "x";)", Verdict::None, Verdict::Error, "as above"},
      {R"(packages.aarch64-linx = { };)", Verdict::None, Verdict::Warning,
       "Nix 2.8 accepts any system name; a typo means the outputs are never built"},
      {R"(lib = 5;)", Verdict::Warning, Verdict::None,
       "`lib` is a convention of many flakes (nixpkgs' own), which Nix 2.8 warns about"},
      {R"(nixosModules.m = ./m.nix;)", Verdict::Error, Verdict::None,
       "Nix 2.8 wants a function or a set; a path to a module file is what `imports` takes and later Nix accepts"},
  };
  return c;
}

Verdict ofNix(const RunResult& r) {
  if (r.code != 0) return Verdict::Error;
  if (r.err.find("warning:") != std::string::npos || r.out.find("warning:") != std::string::npos)
    return Verdict::Warning;
  return Verdict::None;
}

Verdict ofFlakewise(const RunResult& r) {
  if (r.out.find(": error: ") != std::string::npos) return Verdict::Error;
  if (r.out.find(": warning: ") != std::string::npos) return Verdict::Warning;
  return Verdict::None;
}

}  // namespace

TEST_CASE("output shape checks agree with nix flake check --no-build (Nix 2.8)") {
  const RunResult probe = run({"nix", "--version"});
  REQUIRE_MESSAGE(probe.code == 0, "nix is required for this test (apt-get install nix-bin)");
  for (const Case& c : cases()) {
    TempDir d;
    d.write("flake.nix", "{\n  outputs = { self }: {\n    " + c.outputs + "\n  };\n}\n");
    const RunResult nix = run({"nix", "--extra-experimental-features", "nix-command flakes", "flake", "check",
                               "--no-build", "path:" + d.path()},
                              "", std::chrono::seconds(120));
    const RunResult fw = run({flakewiseBinary(), "check", d.path()});
    INFO(c.outputs);
    INFO("nix: " << nix.err);
    INFO("flakewise: " << fw.out);
    CHECK_MESSAGE(std::string(name(ofNix(nix))) == name(c.nix), "Nix's verdict changed");
    CHECK(std::string(name(ofFlakewise(fw))) == name(c.flakewise));
  }
}
