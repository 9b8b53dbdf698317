// flake.nix and flake.lock: diagnostics, hover, completion, links and
// inlay hints on fixture flakes written for these tests.

#include <doctest/doctest.h>

#include <algorithm>

#include "analysis/diagnostic_codes.h"
#include "analysis/flakes/flake_features.h"
#include "tests/support/fixture.h"
#include "tests/support/memory_files.h"

using namespace fw;
using namespace fw::flakes;
using namespace fw::test;

namespace {

// A lock for the fixture flakes: nixpkgs (nixos-24.05), crane (with its
// own nixpkgs following ours), flake-utils (with systems).
const char* kLock = R"({
  "nodes": {
    "crane": {
      "inputs": { "nixpkgs": [ "nixpkgs" ] },
      "locked": { "lastModified": 1720546058, "narHash": "sha256-2Y6XQtdpWP6MiRM7ACy2eo/liEfvIFIj6ThIuKGrwhU=",
                  "owner": "ipetkov", "repo": "crane", "rev": "ad4c150c85165446ad375285ed624fdde21a1f75", "type": "github" },
      "original": { "owner": "ipetkov", "repo": "crane", "type": "github" }
    },
    "flake-utils": {
      "inputs": { "systems": "systems" },
      "locked": { "lastModified": 1710146030, "narHash": "sha256-G6DlYyju8t3dG6rXYJ7U9jZfkLrQNW/wZMrIPnIWGPY=",
                  "owner": "numtide", "repo": "flake-utils", "rev": "51c7b02de8d17c9a420da21d07008a50a1da0e58", "type": "github" },
      "original": { "owner": "numtide", "repo": "flake-utils", "type": "github" }
    },
    "nixpkgs": {
      "locked": { "lastModified": 1720535198, "narHash": "sha256-XlWtM3Sdj1vT1Hn5eVgHeYY+7CIJ9Db2lDhHOC4ztmk=",
                  "owner": "NixOS", "repo": "nixpkgs", "rev": "37c3bed9167def190667f7a974849df5b5c9c5dc", "type": "github" },
      "original": { "owner": "NixOS", "ref": "nixos-24.05", "repo": "nixpkgs", "type": "github" }
    },
    "root": { "inputs": { "crane": "crane", "flake-utils": "flake-utils", "nixpkgs": "nixpkgs" } },
    "systems": {
      "locked": { "lastModified": 1681028828, "narHash": "sha256-x+aM+9OrPmt6OWxD6U+U7EKXYnqKWvCwjFINJQWRnAk=",
                  "owner": "nix-systems", "repo": "default", "rev": "e76114caba5eb981b4a3eafc89ad528e5d37a14a", "type": "github" },
      "original": { "owner": "nix-systems", "repo": "default", "type": "github" }
    }
  },
  "root": "root",
  "version": 7
})";

const char* kFlake = R"(#- /ws/flake.nix
{
  description = "A fixture flake";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
    crane = {
      url = "github:ipetkov/crane";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    flake-utils.url = "github:numtide/flake-utils";
  };

  outputs = { self, nixpkgs, crane, flake-utils, ... }:
    flake-utils.lib.eachDefaultSystem (system: {
      packages.default = crane.mkLib nixpkgs.legacyPackages.${system};
    });
}
)";

struct Env {
  Fixture f;
  MemoryFiles files;
  SyntaxTreePtr tree;
  DocumentViewPtr view;
  FeatureContext ctx;
  LockContext lock;

  Env(std::string_view text, std::optional<std::string> lockText)
      : f(parseFixture(text)), files(withLock(f.files, lockText)), tree(SyntaxTree::parse(f.files.at("/ws/flake.nix"))),
        view(DocumentView::exact(tree)) {
    ctx.path = "/ws/flake.nix";
    ctx.files = &files;
    lock = lockNextTo(ctx);
  }
  static std::map<std::string, std::string> withLock(std::map<std::string, std::string> m,
                                                     const std::optional<std::string>& lockText) {
    if (lockText) m["/ws/flake.lock"] = *lockText;
    return m;
  }
  std::string text(ByteRange r) const { return tree->text().substr(r.start, r.length()); }
  // "code@text: message" per diagnostic, sorted by position.
  std::vector<std::string> diagnostics() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : flakeDiagnostics(*tree, lock)) out.push_back(d.code + "@" + text(d.range) + ": " + d.message);
    return out;
  }
  std::string hover(int marker = 0) const {
    auto h = flakeHover(*view, f.at(marker), lock);
    return h ? h->markdown : "";
  }
  std::vector<std::string> complete(int marker = 0) const {
    std::vector<std::string> out;
    if (auto r = flakeCompletion(*view, f.at(marker), lock))
      for (const auto& it : r->items) out.push_back(it.label);
    std::sort(out.begin(), out.end());
    return out;
  }
};

bool has(const std::vector<std::string>& v, std::string_view x) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s == x; });
}
bool hasPrefix(const std::vector<std::string>& v, std::string_view x) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.starts_with(x); });
}

}  // namespace

TEST_CASE("flake diagnostics: a clean flake with its lock has none") {
  Env e(kFlake, kLock);
  CHECK(e.diagnostics().empty());
}

TEST_CASE("flake diagnostics: schema, URLs, follows, outputs arguments") {
  Env e(R"(#- /ws/flake.nix
{
  description = "broken";
  output = 1;
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
    crane.url = "githb:ipetkov/crane";
    flake-utils = {
      urll = "github:numtide/flake-utils";
      inputs.nixpkgs.follows = "nixpkgz";
    };
    extra.url = "github:someone";
  };
  outputs = { self, nixpkgs, crane, extra, home-manager, ... }: { };
}
)",
        std::nullopt);
  const auto d = e.diagnostics();
  CHECK(has(d, "flake-attribute@output: 'output' is not a flake attribute (description, inputs, outputs, nixConfig); did you mean 'outputs'?"));
  CHECK(hasPrefix(d, "flake-input-url@githb:ipetkov/crane: invalid flake reference: 'githb:' is not a flake reference scheme"));
  CHECK(has(d, "flake-input-attribute@urll: 'urll' is not an attribute of a flake input; did you mean 'url'?"));
  CHECK(has(d, "flake-follows@nixpkgz: follows 'nixpkgz', but 'nixpkgz' is not an input of this flake"));
  CHECK(hasPrefix(d, "flake-input-url@github:someone: invalid flake reference: github references need an owner and a repository"));
  CHECK(has(d, "flake-output-argument@home-manager: 'home-manager' is not an input of this flake (declare inputs.home-manager.url, or remove the argument)"));
  CHECK(has(d, "flake-unused-input@flake-utils: input 'flake-utils' is not used by outputs"));
  CHECK(hasPrefix(d, "flake-lock-missing@inputs: there is no flake.lock next to flake.nix"));
}

TEST_CASE("flake diagnostics: no type findings on a binding the parser had to repair") {
  // The missing `;` makes the parser join `"demo"` and the next line.
  Env e("#- /ws/flake.nix\n{\n  description = \"demo\"\n  outputs = { self }: { };\n}\n", std::nullopt);
  CHECK(e.diagnostics().empty());
}

TEST_CASE("flake diagnostics: outputs without ... must take every input") {
  Env e(R"(#- /ws/flake.nix
{
  inputs.nixpkgs.url = "nixpkgs";
  inputs.extra.url = "github:a/b";
  outputs = { self, nixpkgs }: { };
}
)",
        std::nullopt);
  CHECK(has(e.diagnostics(), "flake-output-argument@extra: outputs does not accept input 'extra': add it to the arguments, or add `...`"));
}

TEST_CASE("flake diagnostics: inputs used through the @-argument are used") {
  Env e(R"(#- /ws/flake.nix
{
  inputs.nixpkgs.url = "nixpkgs";
  inputs.a.url = "github:o/a";
  inputs.b.url = "github:o/b";
  inputs.c.url = "github:o/c";
  outputs = inputs@{ self, ... }: { x = inputs.a; inherit (inputs) b; };
}
)",
        std::nullopt);
  const auto d = e.diagnostics();
  CHECK(has(d, "flake-unused-input@nixpkgs: input 'nixpkgs' is not used by outputs"));
  CHECK(has(d, "flake-unused-input@c: input 'c' is not used by outputs"));
  CHECK_FALSE(hasPrefix(d, "flake-unused-input@a"));
  CHECK_FALSE(hasPrefix(d, "flake-unused-input@b"));
}

TEST_CASE("flake diagnostics: the lock against the flake") {
  Env e(R"(#- /ws/flake.nix
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
    crane.url = "github:ipetkov/crane";
    crane.inputs.nixpkgs.follows = "nixpkgs";
    crane.inputs.rust-overlay.follows = "nixpkgs";
    fenix.url = "github:nix-community/fenix";
  };
  outputs = { self, nixpkgs, crane, fenix }: { };
}
)",
        kLock);
  const auto d = e.diagnostics();
  CHECK(has(d, "flake-lock-outdated@github:NixOS/nixpkgs/nixos-24.11: flake.lock pins 'nixpkgs' from github:NixOS/nixpkgs/nixos-24.05; run `nix flake lock` to follow the new reference"));
  CHECK(has(d, "flake-lock-missing@fenix: input 'fenix' is not in flake.lock; `nix flake lock` adds it"));
  CHECK(has(d, "flake-follows@rust-overlay: input 'crane' has no input 'rust-overlay' (per flake.lock)"));
  // On flake.lock: flake-utils is no longer declared.
  std::vector<std::string> lockDiags;
  for (const Diagnostic& x : lockDiagnostics(kLock, e.tree.get()))
    lockDiags.push_back(x.code + "@" + std::string(std::string_view(kLock).substr(x.range.start, x.range.length())) + ": " + x.message);
  CHECK(has(lockDiags, "flake-lock-stale@\"flake-utils\": flake.nix no longer declares input 'flake-utils'; `nix flake lock` removes it"));
}

TEST_CASE("flake.lock diagnostics: malformed JSON at its position") {
  const std::string text = "{\n  \"nodes\": {\n    \"root\": { \"inputs\": { } }\n  }\n  \"root\": \"root\"\n}\n";
  const auto d = lockDiagnostics(text, nullptr);
  REQUIRE(d.size() == 1);
  CHECK(d[0].code == "flake-lock-invalid");
  CHECK(d[0].severity == Severity::Error);
  CHECK(d[0].message == "flake.lock is not valid JSON: expected ',' or '}', found '\"'");
  CHECK(d[0].range.start == text.find("\"root\": \"root\""));
}

TEST_CASE("flake hover: inputs with their locks, the schema, outputs") {
  Env e(R"(#- /ws/flake.nix
{
  desc$0ription = "x";
  inputs = {
    nix$1pkgs.url = "github:NixOS/nix$2pkgs/nixos-24.05";
    crane = {
      u$3rl = "github:ipetkov/crane";
      inputs.nix$4pkgs.follows = "nixp$5kgs";
    };
  };
  outputs = { self, nix$6pkgs, crane, ... }: {
    packa$7ges.x86_64-linux.default = crane.mkLib nixp$8kgs.legacyPackages.x86_64-linux;
  };
}
)",
        kLock);
  CHECK(e.hover(0).starts_with("**description** (string)"));
  const std::string input = e.hover(1);
  CHECK(input.find("**input `nixpkgs`**: GitHub NixOS/nixpkgs, ref nixos-24.05") != std::string::npos);
  CHECK(input.find("Locked: `NixOS/nixpkgs@37c3bed9167d` ([commit](https://github.com/NixOS/nixpkgs/commit/37c3bed9167def190667f7a974849df5b5c9c5dc)) from `github:NixOS/nixpkgs/nixos-24.05`") != std::string::npos);
  CHECK(input.find("- date: 2024-07-09 14:26 UTC") != std::string::npos);
  CHECK(input.find("- narHash: `sha256-XlWtM3Sdj1vT1Hn5eVgHeYY+7CIJ9Db2lDhHOC4ztmk=`") != std::string::npos);
  CHECK(e.hover(2).find("[https://github.com/NixOS/nixpkgs/tree/nixos-24.05](https://github.com/NixOS/nixpkgs/tree/nixos-24.05)") != std::string::npos);
  CHECK(e.hover(3).starts_with("**url** (string (flake reference))"));
  const std::string nested = e.hover(4);
  CHECK(nested.find("**input `crane/nixpkgs`**") != std::string::npos);
  CHECK(nested.find("Follows `nixpkgs` in flake.lock.") != std::string::npos);
  CHECK(e.hover(5).find("follows `nixpkgs`") != std::string::npos);
  CHECK(e.hover(6).find("Locked: `NixOS/nixpkgs@37c3bed9167d`") != std::string::npos);
  CHECK(e.hover(7).starts_with("**packages** — flake output"));
  CHECK(e.hover(8).find("**input `nixpkgs`**") != std::string::npos);
}

TEST_CASE("flake completion: schema, inputs, follows, arguments, outputs") {
  {
    Env e("#- /ws/flake.nix\n{\n  description = \"x\";\n  $0\n}\n", kLock);
    const auto items = e.complete();
    CHECK(has(items, "inputs"));
    CHECK(has(items, "outputs"));
    CHECK(has(items, "nixConfig"));
    CHECK_FALSE(has(items, "description"));
  }
  {
    Env e("#- /ws/flake.nix\n{\n  inputs.nixpkgs.$0\n}\n", kLock);
    const auto items = e.complete();
    CHECK(has(items, "url"));
    CHECK(has(items, "follows"));
    CHECK(has(items, "flake"));
    CHECK(has(items, "inputs"));
  }
  {
    Env e("#- /ws/flake.nix\n{\n  inputs = {\n    crane = {\n      inputs.$0\n    };\n  };\n}\n", kLock);
    CHECK(e.complete() == std::vector<std::string>{"nixpkgs"});
  }
  {
    Env e("#- /ws/flake.nix\n{\n  inputs.nixpkgs.url = \"nixpkgs\";\n  inputs.crane.url = \"github:ipetkov/crane\";\n"
          "  inputs.crane.inputs.nixpkgs.follows = \"$0\";\n}\n",
          kLock);
    const auto items = e.complete();
    CHECK(has(items, "nixpkgs"));
    // The override is crane's own: crane and its inputs are no targets.
    CHECK_FALSE(has(items, "crane"));
    CHECK_FALSE(has(items, "crane/nixpkgs"));
  }
  {
    Env e("#- /ws/flake.nix\n{\n  inputs.crane.url = \"github:ipetkov/crane\";\n"
          "  inputs.nixpkgs.follows = \"cr$0\";\n}\n",
          kLock);
    const auto items = e.complete();
    CHECK(has(items, "crane"));
    CHECK(has(items, "crane/nixpkgs"));
  }
  {
    Env e("#- /ws/flake.nix\n{\n  inputs.nixpkgs.url = \"$0\";\n}\n", kLock);
    const auto items = e.complete();
    CHECK(has(items, "github:"));
    CHECK(has(items, "git+https://"));
    CHECK(has(items, "nixpkgs"));
  }
  {
    Env e("#- /ws/flake.nix\n{\n  inputs.nixpkgs.url = \"nixpkgs\";\n  inputs.crane.url = \"github:ipetkov/crane\";\n"
          "  outputs = { self, nixpkgs, $0 }: { };\n}\n",
          kLock);
    CHECK(e.complete() == std::vector<std::string>{"crane"});
  }
  {
    Env e("#- /ws/flake.nix\n{\n  outputs = { self, ... }:\n    let x = 1; in {\n      $0\n    };\n}\n", kLock);
    const auto items = e.complete();
    CHECK(has(items, "packages"));
    CHECK(has(items, "devShells"));
    CHECK(has(items, "nixosModules"));
    CHECK_FALSE(has(items, "defaultPackage"));
  }
  {
    Env e("#- /ws/flake.nix\n{\n  outputs = { self, ... }: {\n    packages.$0\n  };\n}\n", kLock);
    CHECK(has(e.complete(), "aarch64-darwin"));
  }
  {
    Env e("#- /ws/flake.nix\n{\n  inputs.crane.url = \"github:ipetkov/crane\";\n  outputs = inputs@{ self, ... }: {\n    lib = inputs.$0;\n  };\n}\n", kLock);
    CHECK(has(e.complete(), "crane"));
  }
}

TEST_CASE("flake links: input URLs to their web pages") {
  Env e(R"(#- /ws/flake.nix
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
    registry.url = "nixpkgs";
    gl.url = "gitlab:veloren/veloren";
    srht.url = "sourcehut:~misterio/nix-colors";
    git.url = "git+https://example.org/my/repo?ref=main";
    local.url = "path:./sub";
    tar.url = "https://example.org/a.tar.gz";
    attrs = { type = "github"; owner = "ipetkov"; repo = "crane"; };
    broken.url = "githb:x/y";
  };
  outputs = _: { };
}
)",
        std::nullopt);
  std::vector<std::string> links;
  for (const DocumentLink& l : flakeLinks(*e.tree, "/ws", e.lock)) links.push_back(e.text(l.range) + " -> " + l.target);
  CHECK(links == std::vector<std::string>{
                     "github:NixOS/nixpkgs/nixos-24.05 -> https://github.com/NixOS/nixpkgs/tree/nixos-24.05",
                     "nixpkgs -> https://github.com/NixOS/nixpkgs/tree/nixpkgs-unstable",
                     "gitlab:veloren/veloren -> https://gitlab.com/veloren/veloren",
                     "sourcehut:~misterio/nix-colors -> https://git.sr.ht/~misterio/nix-colors",
                     "git+https://example.org/my/repo?ref=main -> https://example.org/my/repo",
                     "path:./sub -> file:///ws/sub",
                     "https://example.org/a.tar.gz -> https://example.org/a.tar.gz",
                     "crane -> https://github.com/ipetkov/crane",
                 });
}

TEST_CASE("flake inlay hints: the locked revision after each input") {
  Env e(kFlake, kLock);
  std::vector<std::string> hints;
  for (const InlayHint& h : flakeInlayHints(*e.tree, e.lock, {0, static_cast<ByteOffset>(e.tree->text().size())})) {
    const auto line = e.tree->lines().lineOf(h.position);
    hints.push_back(std::to_string(line + 1) + ": " + h.label);
  }
  std::string all;
  for (const auto& h : hints) all += h + "|";
  CAPTURE(all);
  CHECK(hints == std::vector<std::string>{"5: 🔒 37c3bed (2024-07-09)", "7: 🔒 ad4c150 (2024-07-09)",
                                          "10: 🔒 51c7b02 (2024-03-11)"});
}
