// Package files: builder and fetcher calls, their diagnostics, quick fixes,
// hover and completion, on fixtures written for these tests.

#include <doctest/doctest.h>

#include <algorithm>

#include "analysis/diagnostic_codes.h"
#include "analysis/packages/package_checks.h"
#include "tests/support/fixture.h"

using namespace fw;
using namespace fw::packages;
using namespace fw::test;

namespace {

struct Env {
  Fixture f;
  SyntaxTreePtr tree;
  DocumentViewPtr view;
  explicit Env(std::string_view text)
      : f(parseFixture(text)), tree(SyntaxTree::parse(f.only())), view(DocumentView::exact(tree)) {}
  std::string text(ByteRange r) const { return tree->text().substr(r.start, r.length()); }
  std::vector<Diagnostic> raw() const { return packageDiagnostics(*tree); }
  std::vector<std::string> diagnostics() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : raw()) out.push_back(d.code + "@" + text(d.range) + ": " + d.message);
    return out;
  }
  std::string hover(int m = 0) const {
    auto h = packageHover(*view, f.at(m));
    return h ? h->markdown : "";
  }
  std::vector<std::string> complete(int m = 0) const {
    std::vector<std::string> out;
    if (auto r = packageCompletion(*view, f.at(m)))
      for (const auto& it : r->items) out.push_back(it.label);
    std::sort(out.begin(), out.end());
    return out;
  }
  // Applies the edits of the first action whose title starts with `title`.
  std::string apply(std::string_view title, ByteRange range) const {
    const auto diags = raw();
    for (const CodeAction& a : packageCodeActions(*tree, range, diags)) {
      if (!a.title.starts_with(title)) continue;
      std::string t = tree->text();
      for (auto it = a.edits.rbegin(); it != a.edits.rend(); ++it) t.replace(it->range.start, it->range.length(), it->text);
      return t;
    }
    return "(no action)";
  }
};

bool has(const std::vector<std::string>& v, std::string_view x) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s == x; });
}
bool hasPrefix(const std::vector<std::string>& v, std::string_view x) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.starts_with(x); });
}

}  // namespace

TEST_CASE("package checks: a clean buildGoModule package has no findings") {
  Env e(R"({ lib, buildGoModule, fetchFromGitHub }:
buildGoModule rec {
  pname = "tool";
  version = "1.0.0";
  src = fetchFromGitHub {
    owner = "o";
    repo = "tool";
    rev = "v${version}";
    hash = "sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=";
  };
  vendorHash = null;
  ldflags = [ "-s" "-w" ];
  env.CGO_ENABLED = 0;
  meta = { description = "A tool"; license = lib.licenses.mit; mainProgram = "tool"; };
}
)");
  CHECK(e.diagnostics().empty());
}

TEST_CASE("package checks: branch rev, hashes, missing and unknown arguments") {
  Env e(R"({ lib, stdenv, buildGoModule, fetchFromGitHub, fetchurl, pkg-config, cmake, openssl }:
{
  a = buildGoModule {
    pname = "a";
    src = fetchFromGitHub { owner = "o"; repo = "a"; rev = "main"; hash = lib.fakeHash; };
    subPackage = [ "cmd/a" ];
  };
  b = stdenv.mkDerivation {
    pname = "b";
    version = "1";
    src = fetchurl { url = "https://example.org/b.tar.gz"; sha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; };
    buildInputs = [ openssl pkg-config ] ++ lib.optionals stdenv.isLinux [ cmake ];
    meta = { descripton = "typo"; };
  };
  c = fetchFromGitHub { owner = "o"; repo = "c"; rev = "4f2a9c1e8b7d6053a1e9f0c2d4b6a8e0f1c3d5b7"; };
  d = fetchurl { url = "https://example.org/d"; hash = "sha256-tooShort="; };
  e = fetchurl { url = "https://example.org/e"; hash = "0000000000000000000000000000000000000000000000000000"; };
  f = fetchurl { url = "https://example.org/f"; sha256 = "0000000000000000000000000000000000000000000000000000"; };
  g = builtins.fetchTarball "https://example.org/g.tar.gz";
  h = builtins.fetchGit { url = "https://example.org/h"; ref = "master"; };
}
)");
  const auto d = e.diagnostics();
  CHECK(has(d, "fetcher-branch-rev@main: rev \"main\" of fetchFromGitHub is a branch: when it moves, the hash stops matching and builds differ; pin a commit hash or a tag"));
  CHECK(has(d, "fetcher-fake-hash@lib.fakeHash: `lib.fakeHash` is a placeholder: replace it with the hash the first build reports"));
  CHECK(has(d, "builder-missing-argument@buildGoModule: buildGoModule is called without `pname` and `version` (or `name`)"));
  CHECK(has(d, "builder-missing-argument@buildGoModule: buildGoModule is called without `vendorHash` (or `vendorSha256`)"));
  CHECK(has(d, "builder-unknown-argument@subPackage: `subPackage` is not an argument of buildGoModule (it becomes an environment variable of the build); did you mean `subPackages`?"));
  CHECK(hasPrefix(d, "fetcher-legacy-hash@2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824: sha256 is the legacy form: use hash = \"sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=\""));
  CHECK(hasPrefix(d, "build-tool-in-build-inputs@pkg-config: `pkg-config` runs at build time"));
  CHECK(hasPrefix(d, "build-tool-in-build-inputs@cmake: `cmake` runs at build time"));
  CHECK_FALSE(hasPrefix(d, "build-tool-in-build-inputs@openssl"));
  CHECK(has(d, "meta-unknown-attribute@descripton: `descripton` is not a meta attribute nixpkgs knows"));
  CHECK(hasPrefix(d, "fetcher-missing-hash@fetchFromGitHub: fetchFromGitHub has no hash, so the source is not pinned"));
  CHECK(has(d, "fetcher-invalid-hash@sha256-tooShort=: invalid hash for fetchurl: an SRI sha256 hash holds 32 bytes (44 base-64 characters); this one holds 6"));
  CHECK(has(d, "fetcher-invalid-hash@0000000000000000000000000000000000000000000000000000: invalid hash for fetchurl: a bare digest does not say its algorithm: write it as SRI (`sha256-…`) or `sha256:…`"));
  CHECK(has(d, "fetcher-fake-hash@0000000000000000000000000000000000000000000000000000: an all-zero hash is a placeholder: replace it with the hash the first build reports"));
  CHECK(hasPrefix(d, "fetcher-missing-hash@builtins.fetchTarball: builtins.fetchTarball has no hash"));
  CHECK(hasPrefix(d, "fetcher-missing-hash@builtins.fetchGit: builtins.fetchGit without rev is not pinned"));
  CHECK(hasPrefix(d, "fetcher-branch-rev@master: builtins.fetchGit follows ref \"master\" without a rev"));
}

TEST_CASE("package checks: arguments through commonArgs, finalAttrs and //") {
  Env e(R"({ craneLib, stdenv }:
let
  commonArgs = { src = ./.; strictDeps = true; cargoExtraArg = "--locked"; };
  deps = craneLib.buildDepsOnly commonArgs;
in {
  pkg = craneLib.buildPackage (commonArgs // { cargoArtifacts = deps; });
  clippy = craneLib.cargoClippy (commonArgs // { cargoClippyExtraArgs = "-- -D warnings"; });
  test = craneLib.cargoNextest commonArgs;
  fa = stdenv.mkDerivation (finalAttrs: { pname = "fa"; version = "1"; src = ./.; });
  unknown = stdenv.mkDerivation (import ./args.nix);
}
)");
  const auto d = e.diagnostics();
  // Once, although commonArgs is used four times.
  CHECK(std::count(d.begin(), d.end(), "builder-unknown-argument@cargoExtraArg: `cargoExtraArg` is not an argument of craneLib.buildDepsOnly (it becomes an environment variable of the build); did you mean `cargoExtraArgs`?") == 1);
  CHECK(has(d, "builder-missing-argument@craneLib.cargoNextest: craneLib.cargoNextest is called without `cargoArtifacts`"));
  CHECK_FALSE(hasPrefix(d, "builder-missing-argument@craneLib.buildPackage"));
  CHECK(has(d, "builder-missing-argument@craneLib.cargoClippy: craneLib.cargoClippy is called without `cargoArtifacts`"));
  CHECK_FALSE(hasPrefix(d, "builder-missing-argument@stdenv.mkDerivation"));  // fa is complete, unknown unknowable
}

TEST_CASE("package checks: a project helper that wraps a fetcher") {
  Env e(R"({ lib, fetchFromGitHub }:
let
  starlightSrc = { repo, rev, hash }: fetchFromGitHub { owner = "starlight-labs"; inherit repo rev hash; };
  viaArgs = { rev, sha256 ? "", ... }@args: fetchFromGitHub ({ owner = "o"; repo = "r"; } // args);
in {
  a = starlightSrc { repo = "a"; rev = "master"; hash = "sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="; };
  b = starlightSrc { repo = "b"; rev = "v1.0"; };
  c = viaArgs { rev = "HEAD"; sha256 = "094qif9n4cq4fdg459qzbhg1c6wywawwaaivx0k0x8xhbyx4vwie"; };
}
)");
  const auto d = e.diagnostics();
  CHECK(hasPrefix(d, "fetcher-branch-rev@master: rev \"master\" of starlightSrc (via fetchFromGitHub) is a branch"));
  CHECK(has(d, "fetcher-missing-hash@starlightSrc: starlightSrc is called without `hash`, the hash it passes to fetchFromGitHub"));
  CHECK(hasPrefix(d, "fetcher-branch-rev@HEAD: rev \"HEAD\" of viaArgs (via fetchFromGitHub) is a branch"));
  CHECK(hasPrefix(d, "fetcher-invalid-hash@094qif9n4cq4fdg459qzbhg1c6wywawwaaivx0k0x8xhbyx4vwie: invalid sha256 for viaArgs: not a valid Nix base-32 sha256 hash"));
}

TEST_CASE("package quick fixes: SRI conversion and nativeBuildInputs") {
  {
    Env e("{ fetchurl }:\nfetchurl {\n  url = \"https://example.org/x\";\n  sha256 = \"094qif9n4cq4fdg459qzbhg1c6wywawwaaivx0k0x8xhbyx4vwic\";\n}\n");
    const ByteOffset at = static_cast<ByteOffset>(e.tree->text().find("094q"));
    CHECK(e.apply("Use hash", {at, at}) ==
          "{ fetchurl }:\nfetchurl {\n  url = \"https://example.org/x\";\n  hash = \"sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=\";\n}\n");
  }
  {
    Env e("{ rustPlatform }:\nrustPlatform.buildRustPackage {\n  pname = \"x\";\n  version = \"1\";\n  src = ./.;\n"
          "  cargoSha256 = \"sha256:094qif9n4cq4fdg459qzbhg1c6wywawwaaivx0k0x8xhbyx4vwic\";\n}\n");
    const ByteOffset at = static_cast<ByteOffset>(e.tree->text().find("sha256:"));
    CHECK(e.apply("Use cargoHash", {at, at}).find("  cargoHash = \"sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=\";\n") != std::string::npos);
  }
  {
    // Multi-line lists: the element's line moves.
    Env e("{ stdenv, pkg-config, openssl, cmake }:\nstdenv.mkDerivation {\n  pname = \"x\";\n  version = \"1\";\n  src = ./.;\n"
          "  nativeBuildInputs = [\n    cmake\n  ];\n  buildInputs = [\n    openssl\n    pkg-config\n  ];\n}\n");
    const ByteOffset at = static_cast<ByteOffset>(e.tree->text().find("pkg-config\n  ]"));
    CHECK(e.apply("Move pkg-config", {at, at}) ==
          "{ stdenv, pkg-config, openssl, cmake }:\nstdenv.mkDerivation {\n  pname = \"x\";\n  version = \"1\";\n  src = ./.;\n"
          "  nativeBuildInputs = [\n    cmake\n    pkg-config\n  ];\n  buildInputs = [\n    openssl\n  ];\n}\n");
  }
  {
    // No nativeBuildInputs yet: one is added before buildInputs.
    Env e("{ stdenv, makeWrapper, openssl }:\nstdenv.mkDerivation {\n  name = \"x\";\n  src = ./.;\n  buildInputs = [ openssl makeWrapper ];\n}\n");
    const ByteOffset at = static_cast<ByteOffset>(e.tree->text().find("makeWrapper ]"));
    CHECK(e.apply("Move makeWrapper", {at, at}) ==
          "{ stdenv, makeWrapper, openssl }:\nstdenv.mkDerivation {\n  name = \"x\";\n  src = ./.;\n"
          "  nativeBuildInputs = [ makeWrapper ];\n  buildInputs = [ openssl ];\n}\n");
  }
}

TEST_CASE("package hover and completion of arguments") {
  Env e(R"({ buildGoModule, fetchFromGitHub }:
buildGo$0Module rec {
  pname = "x";
  vendor$1Hash = null;
  src = fetchFromGitHub { ow$2ner = "o"; repo = "r"; rev = "v1"; hash = ""; };
  strict$3Deps = true;
  meta = { main$4Program = "x"; };
}
)");
  CHECK(e.hover(0).starts_with("**buildGoModule** — package builder"));
  CHECK(e.hover(0).find("Required: `pname` and `version` (or `name`); `src`; `vendorHash` (or `vendorSha256`)") != std::string::npos);
  CHECK(e.hover(1).starts_with("**vendorHash** — argument of `buildGoModule`\n```\nstring (SRI hash) or null\n```"));
  CHECK(e.hover(2).starts_with("**owner** — argument of `fetchFromGitHub`"));
  CHECK(e.hover(3).starts_with("**strictDeps** — argument of `buildGoModule` (from stdenv.mkDerivation)"));
  CHECK(e.hover(4).starts_with("**mainProgram** — meta attribute"));

  Env c(R"({ buildGoModule }:
buildGoModule {
  pname = "x";
  vend$0
}
)");
  const auto items = c.complete();
  CHECK(has(items, "vendorHash"));
  CHECK_FALSE(has(items, "pname"));
  Env m("{ stdenv }:\nstdenv.mkDerivation {\n  name = \"x\";\n  meta = {\n    $0\n  };\n}\n");
  CHECK(has(m.complete(), "description"));
  CHECK(has(m.complete(), "mainProgram"));
  Env w("{ fetchFromGitHub }:\nlet src = { rev, hash }: fetchFromGitHub { owner = \"o\"; repo = \"r\"; inherit rev hash; };\n"
        "in src { $0 }\n");
  CHECK(w.complete() == std::vector<std::string>{"hash", "rev"});
}
