// Output shape checks by evaluation with stand-in inputs (the transcript
// and differential tests cover the server and `nix flake check`; these
// cover how inputs are stood in for).

#include <doctest/doctest.h>

#include "analysis/eval/evaluator.h"
#include "analysis/flakes/flake_outputs.h"

using namespace fw;
using namespace fw::flakes;

namespace {

std::vector<std::string> check(const std::string& flake) {
  auto fs = std::make_shared<eval::MemoryFileSystem>();
  fs->add("/ws/flake.nix", flake);
  eval::Evaluator ev(fs);
  OutputCheckConfig cfg;
  cfg.settings.allowedRoots = {"/ws"};
  cfg.settings.tolerant = true;
  const SyntaxTreePtr tree = SyntaxTree::parse(flake);
  std::vector<std::string> out;
  for (const Diagnostic& d : flakeOutputDiagnostics(ev, "/ws/flake.nix", *tree, cfg))
    out.push_back(d.code + "@" + std::string(tree->text().substr(d.range.start, d.range.length())) + ": " + d.message);
  return out;
}

}  // namespace

TEST_CASE("flake outputs: nixpkgs under another name still has its lib") {
  const auto d = check(R"({
  inputs.pkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
  outputs = { self, pkgs }: {
    packages = pkgs.lib.genAttrs pkgs.lib.systems.flakeExposed (system: { hello = 1; });
  };
})");
  REQUIRE(d.size() == 1);
  CHECK(d[0] == "flake-output-type@hello: packages.aarch64-darwin.hello is an integer, not a derivation");
}

TEST_CASE("flake outputs: flake-utils eachSystem merges per-system outputs") {
  const auto d = check(R"({
  inputs.nixpkgs.url = "nixpkgs";
  inputs.utils.url = "github:numtide/flake-utils";
  outputs = { self, nixpkgs, utils }:
    utils.lib.eachSystem [ "x86_64-linux" "x86_64-linx" ] (system: {
      apps.run = { type = "app"; };
      packages.ok = nixpkgs.legacyPackages.${system}.hello;
    });
})");
  CHECK(d == std::vector<std::string>{
                 "flake-unknown-system@x86_64-linx: 'x86_64-linx' is not a system of any Nix platform; did you mean 'x86_64-linux'?",
                 "flake-output-type@run: apps.x86_64-linux.run has no program (the absolute path of the executable to run)"});
}

TEST_CASE("flake outputs: nothing is said about what needs nixpkgs, or about flakes that do not evaluate") {
  CHECK(check(R"({
  inputs.nixpkgs.url = "github:NixOS/nixpkgs";
  outputs = { self, nixpkgs }: {
    packages.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.hello;
    devShells.x86_64-linux.default = (import nixpkgs { system = "x86_64-linux"; }).mkShell { };
  };
})").empty());
  CHECK(check(R"({
  inputs.parts.url = "github:hercules-ci/flake-parts";
  outputs = inputs: inputs.parts.lib.mkFlake { inherit inputs; } { systems = [ "x86_64-linux" ]; };
})").empty());
}
