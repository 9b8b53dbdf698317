// Workspace packages: definitions found from syntax, package facts (with
// and without the evaluator), hover where a package is used, completion of
// overlay attributes and package-set names.

#include <doctest/doctest.h>

#include "analysis/eval/evaluator.h"
#include "analysis/packages/workspace_packages.h"
#include "tests/support/fixture.h"
#include "tests/support/memory_files.h"

using namespace fw;
using namespace fw::packages;
using namespace fw::test;

namespace {

constexpr std::string_view kRepo = R"(#- /ws/flake.nix
{
  outputs = { self, nixpkgs }: {
    overlays.default = import ./overlay.nix;
    packages.x86_64-linux.default = self.packages.x86_64-linux.comet;
  };
}
#- /ws/overlay.nix
# A comment before the overlay.
final: prev: {
  nur = (prev.nur or { }) // import ./pkgs { pkgs = final; };
  tool = final.callPackage ./pkgs/tool.nix { };
}
#- /ws/pkgs/default.nix
{ pkgs }:
pkgs.lib.makeScope pkgs.newScope (self: {
  comet = self.callPackage ./comet { };
})
#- /ws/pkgs/comet/default.nix
{ lib, stdenv, fetchFromGitHub }:
let
  owner = "starlight";
in
stdenv.mkDerivation rec {
  pname = "comet";
  version = "1.${toString 2}.0";
  src = fetchFromGitHub {
    inherit owner;
    repo = "comet";
    rev = "v${version}";
    hash = "sha256-1R95EFHC5fkRLFcQms1Ne5tXiN952zb6JMCcPJ7opWk=";
  };
  meta = {
    description = "Tracks comets";
    license = lib.licenses.mit;
  };
}
#- /ws/pkgs/tool.nix
{ writeShellApplication }:
writeShellApplication {
  name = "tool";
  text = "echo hi";
}
#- /ws/use.nix
{ pkgs }:
[ pkgs.nur.$0comet pkgs.$1hello pkgs.nur.$2 pkgs.$3 ]
#- /ws/use2.nix
{ pkgs, config, self }:
[ config.services.$4comet.enable self.apps.x86_64-linux.$5comet self.packages.${pkgs.system}.$6comet ]
)";

struct Env {
  Fixture f = parseFixture(kRepo);
  MemoryFiles files{f.files};
  FeatureContext ctx{"/ws/use.nix", &files};
  std::string use = f.files.at("/ws/use.nix");
  DocumentViewPtr view = DocumentView::exact(SyntaxTree::parse(use));
  FeatureContext ctx2{"/ws/use2.nix", &files};
  DocumentViewPtr view2 = DocumentView::exact(SyntaxTree::parse(f.files.at("/ws/use2.nix")));
};

std::vector<std::string> labels(const std::optional<CompletionResult>& r) {
  std::vector<std::string> out;
  if (r)
    for (const auto& it : r->items) out.push_back(it.label);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("workspace packages: callPackage bindings anywhere under the flake") {
  Env e;
  CHECK(workspaceRootOf(e.files, "/ws/pkgs/comet/default.nix") == "/ws");
  std::vector<std::string> found;
  for (const WorkspacePackage& p : findWorkspacePackages(e.files, "/ws"))
    found.push_back(p.name + " " + p.boundIn + " -> " + p.packageFile);
  std::sort(found.begin(), found.end());
  CHECK(found == std::vector<std::string>{"comet /ws/pkgs/default.nix -> /ws/pkgs/comet/default.nix",
                                          "tool /ws/overlay.nix -> /ws/pkgs/tool.nix"});
}

TEST_CASE("package facts: literals from syntax, the rest as written without an evaluator") {
  Env e;
  const auto facts = packageFacts(e.files, "/ws/pkgs/comet/default.nix", {});
  REQUIRE(facts);
  CHECK(facts->builder == "stdenv.mkDerivation");
  CHECK(facts->pname == "comet");
  CHECK(facts->version == "`\"1.${toString 2}.0\"`");
  CHECK(facts->description == "Tracks comets");
  CHECK(facts->license == "`lib.licenses.mit`");
  // `inherit owner;` from the let; the rev needs evaluation.
  CHECK(facts->source == "starlight/comet@`\"v${version}\"`");
  const auto tool = packageFacts(e.files, "/ws/pkgs/tool.nix", {});
  REQUIRE(tool);
  CHECK(tool->name == "tool");
}

TEST_CASE("package facts: with the evaluator, values are evaluated in their scope") {
  Env e;
  auto fs = std::make_shared<eval::MemoryFileSystem>();
  for (const auto& [p, t] : e.f.files) fs->add(p, t);
  eval::Evaluator ev(fs);
  eval::EvalSettings settings;
  settings.allowedRoots = {"/ws"};
  const auto facts = packageFacts(e.files, "/ws/pkgs/comet/default.nix", {&ev, &settings});
  REQUIRE(facts);
  CHECK(facts->version == "1.2.0");
  // `owner` from the let, `rev` from the rec set; the license needs nixpkgs.
  CHECK(facts->source == "starlight/comet@v1.2.0");
  CHECK(facts->sourceFetcher == "fetchFromGitHub");
  CHECK(facts->license == "`lib.licenses.mit`");
}

TEST_CASE("completion: pkgs. from overlays, pkgs.nur. from the package set") {
  Env e;
  CHECK(labels(workspacePackageCompletion(*e.view, e.f.at(2), e.ctx)) == std::vector<std::string>{"comet"});
  CHECK(labels(workspacePackageCompletion(*e.view, e.f.at(3), e.ctx)) == std::vector<std::string>{"nur", "tool"});
  // Package items carry their facts.
  const auto nur = workspacePackageCompletion(*e.view, e.f.at(2), e.ctx);
  REQUIRE(nur);
  CHECK(nur->items[0].detail == "(stdenv.mkDerivation)");
  CHECK(nur->items[0].documentation.find("Tracks comets") != std::string::npos);
}

TEST_CASE("hover: a workspace package, and a nixpkgs name said to come from nixpkgs") {
  Env e;
  const auto h = workspacePackageHover(*e.view, e.f.at(0), e.ctx, {});
  REQUIRE(h);
  INFO(h->markdown);
  // Without an evaluator the version is shown as written.
  CHECK(h->markdown.find("**comet** `\"1.${toString 2}.0\"` — a package of this workspace") != std::string::npos);
  CHECK(h->markdown.find("Defined in `pkgs/default.nix`, built by `pkgs/comet/default.nix`.") != std::string::npos);
  const auto n = workspacePackageHover(*e.view, e.f.at(1), e.ctx, {});
  REQUIRE(n);
  CHECK(n->markdown.find("**hello** — not defined in this workspace; it comes from the package set `pkgs`") !=
        std::string::npos);
  // A service or an app of the same name is not the package.
  CHECK_FALSE(workspacePackageHover(*e.view2, e.f.at(4), e.ctx2, {}));
  CHECK_FALSE(workspacePackageHover(*e.view2, e.f.at(5), e.ctx2, {}));
  const auto own = workspacePackageHover(*e.view2, e.f.at(6), e.ctx2, {});
  REQUIRE(own);
  CHECK(own->markdown.find("**comet**") != std::string::npos);
}

TEST_CASE("hover: a package file's arguments come from nixpkgs, a module's arguments are not packages") {
  const Fixture f = parseFixture(
      "#- /ws/flake.nix\n{ outputs = _: { }; }\n"
      "#- /ws/pkg.nix\n{ stdenv, openssl, lib }:\nstdenv.mkDerivation { pname = \"x\"; buildInputs = [ openssl$0 ]; meta.license = lib$1.licenses.mit; }\n"
      "#- /ws/module.nix\n{ config, lib, pkgs, openssl, ... }:\n{ x = config$2.services; y = openssl$3; }\n");
  MemoryFiles files{f.files};
  const FeatureContext pkgCtx{"/ws/pkg.nix", &files};
  const DocumentViewPtr pkg = DocumentView::exact(SyntaxTree::parse(f.files.at("/ws/pkg.nix")));
  const auto h = workspacePackageHover(*pkg, f.at(0), pkgCtx, {});
  REQUIRE(h);
  CHECK(h->markdown.find("**openssl** — not defined in this workspace; an argument of this package file") !=
        std::string::npos);
  CHECK_FALSE(workspacePackageHover(*pkg, f.at(1), pkgCtx, {}));  // lib is not a package
  const FeatureContext modCtx{"/ws/module.nix", &files};
  const DocumentViewPtr mod = DocumentView::exact(SyntaxTree::parse(f.files.at("/ws/module.nix")));
  CHECK_FALSE(workspacePackageHover(*mod, f.at(2), modCtx, {}));
  CHECK_FALSE(workspacePackageHover(*mod, f.at(3), modCtx, {}));
}
