// Incremental = fresh: seeded random edits, applied the way an editor sends
// them (UTF-16 positions, sometimes several changes per didChange), must
// leave a tree and diagnostics identical to a fresh parse of the same text.

#include <doctest/doctest.h>

#include <random>

#include "analysis/features.h"
#include "parser/normalize.h"
#include "parser/tree_dump.h"

using namespace fw;

namespace {

const char* kModule = R"nix({ config, lib, pkgs, ... }:

let
  cfg = config.services.lanternd;
  inherit (lib) mkOption mkEnableOption types mkIf;
  settingsFormat = pkgs.formats.toml { };
in
{
  options.services.lanternd = {
    enable = mkEnableOption "the lantern daemon";
    port = mkOption {
      type = types.port;
      default = 8080;
      description = "Port to listen on (é, λ, 😀).";
    };
    extraArgs = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "--verbose" ];
    };
  };

  config = mkIf cfg.enable {
    systemd.services.lanternd = {
      description = "Lantern daemon";
      wantedBy = [ "multi-user.target" ];
      serviceConfig = {
        ExecStart = "${pkgs.lanternd}/bin/lanternd --port ${toString cfg.port} ${lib.escapeShellArgs cfg.extraArgs}";
        DynamicUser = true;
        NoNewPrivileges = true;
      };
    };
    environment.etc."lanternd.toml".source = settingsFormat.generate "lanternd.toml" { port = cfg.port; };
  };
}
)nix";

const char* kPackage = R"nix({
  lib,
  stdenv,
  fetchFromGitHub,
  pkg-config,
  openssl, # TLS
}:

stdenv.mkDerivation (finalAttrs: {
  pname = "constellation";
  version = "1.4.2";

  src = fetchFromGitHub {
    owner = "example";
    repo = "constellation";
    rev = "v${finalAttrs.version}";
    hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  };

  nativeBuildInputs = [ pkg-config ];
  buildInputs = [ openssl ];

  postInstall = ''
    mkdir -p $out/share
    echo '''quoted''' > $out/share/x
    echo ''${HOME} > $out/share/home
  '';

  meta = with lib; {
    description = "A constellation of tiny services";
    homepage = "https://example.org/constellation";
    license = licenses.mit;
    platforms = platforms.unix;
  };
})
)nix";

const char* kFlake = R"nix({
  description = "NUR-style flake";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
    crane.url = "github:ipetkov/crane";
    rust-overlay = {
      url = "github:oxalica/rust-overlay";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  outputs = { self, nixpkgs, crane, rust-overlay, ... }@inputs:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAllSystems (pkgs: rec {
        constellation = pkgs.callPackage ./pkgs/constellation { };
        default = constellation;
      });
      overlays.default = final: prev: { nur = self.packages.${prev.system}; };
      nixosModules.lanternd = import ./modules/lanternd.nix;
      checks = forAllSystems (pkgs: { inherit (self.packages.${pkgs.system}) constellation; });
      formatter = forAllSystems (pkgs: pkgs.nixfmt-rfc-style);
      lib.x = if 1 < 2 && !false || true -> false then -1.5e3 else 2 // { a = 1; } ++ [ ];
    };
}
)nix";

// Snippets an editor might insert: tokens, half-typed constructs, quotes,
// brackets, multi-byte and astral characters, line breaks of every kind.
const std::vector<std::string> kInserts = {
    "a", "x", " ", "\n", "\r\n", "\r", ";", "=", "{", "}", "[", "]", "(", ")", "\"", "''",
    "${", ",", ":", "@", "...", ".", "?", "//", "++", "#", "/*", "*/", "let ", " in ",
    "inherit ", "rec ", "with ", "if ", " then ", " else ", "é", "λ", "😀", "日本",
    "foo = 1;", "{ a, b, }: a", "bar.baz", "./path/${x}", "\t", "1.5", "true",
    "  services.foo.enable = true;\n", ", # comment\n", "}:",
};

struct Edit {
  Position start, end;
  std::string text;
};

std::string fullDump(const SyntaxTree& t) {
  return dumpTree(t, {.anonymous = true, .ranges = true, .bytes = true});
}

std::string diagDump(const SyntaxTree& t) {
  std::string out;
  for (const Diagnostic& d : fileDiagnostics(t)) {
    out += std::to_string(d.range.start) + "-" + std::to_string(d.range.end) + " " + d.code + " " +
           d.message + "\n";
  }
  return out;
}

// A random edit of `text` expressed in UTF-16 positions, like an editor.
Edit randomEdit(const std::string& text, std::mt19937& rng) {
  const LineIndex idx(text);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };
  const auto a = static_cast<ByteOffset>(pick(text.size()));
  ByteOffset b = a;
  const std::size_t kind = pick(9);
  std::string ins;
  if (kind <= 4) {
    ins = kInserts[pick(kInserts.size() - 1)];
  } else if (kind <= 7) {
    b = static_cast<ByteOffset>(std::min<std::size_t>(text.size(), a + pick(kind == 7 ? 60 : 4)));
  } else {
    b = static_cast<ByteOffset>(std::min<std::size_t>(text.size(), a + pick(10)));
    ins = kInserts[pick(kInserts.size() - 1)];
  }
  return {idx.position(a, PositionEncoding::Utf16), idx.position(b, PositionEncoding::Utf16), ins};
}

// The reference result: applying an edit to a plain string.
void applyToString(std::string& text, const Edit& e) {
  const LineIndex idx(text);
  const ByteOffset a = idx.offset(e.start, PositionEncoding::Utf16);
  const ByteOffset b = idx.offset(e.end, PositionEncoding::Utf16);
  std::string copy = text;
  copy.replace(a, b - a, e.text);
  text = std::move(copy);
}

}  // namespace

TEST_CASE("incremental reparse after random edits equals a fresh parse") {
  std::size_t totalEdits = 0, batches = 0, withErrors = 0;
  const std::vector<const char*> bases = {kModule, kPackage, kFlake};
  for (std::size_t b = 0; b < bases.size(); ++b) {
    for (unsigned seed = 1; seed <= 6; ++seed) {
      std::mt19937 rng(seed * 7919 + static_cast<unsigned>(b));
      std::string reference = bases[b];
      SyntaxTreePtr tree = SyntaxTree::parse(reference);
      for (int batch = 0; batch < 12; ++batch) {
        // One didChange with 1-3 changes, each relative to the text after
        // the previous one.
        const std::size_t n = 1 + std::uniform_int_distribution<std::size_t>(0, 2)(rng) / 2;
        std::vector<TextChange> changes;
        for (std::size_t k = 0; k < n; ++k) {
          Edit e = randomEdit(reference, rng);
          applyToString(reference, e);
          changes.push_back({TextChange::Span{e.start, e.end}, e.text});
          ++totalEdits;
        }
        tree = tree->edit(changes, PositionEncoding::Utf16);
        ++batches;
        INFO("base " << b << " seed " << seed << " batch " << batch);
        REQUIRE(tree->text() == reference);
        const SyntaxTreePtr fresh = SyntaxTree::parse(reference);
        CHECK(fullDump(*tree) == fullDump(*fresh));
        CHECK(diagDump(*tree) == diagDump(*fresh));
        CHECK(tree->normalised() == findNormalisations(reference));
        if (fresh->root().hasError()) ++withErrors;
      }
    }
  }
  MESSAGE("edits: " << totalEdits << ", batches: " << batches << ", with errors: " << withErrors);
  CHECK(totalEdits >= 200);
}

TEST_CASE("long random typing sessions stay equal to fresh parses") {
  // Fewer comparisons, many more edits: errors accumulate and get fixed
  // while typing, as in a real session.
  std::size_t totalEdits = 0;
  for (unsigned seed = 100; seed < 104; ++seed) {
    std::mt19937 rng(seed);
    std::string reference = seed % 2 ? kModule : kFlake;
    SyntaxTreePtr tree = SyntaxTree::parse(reference);
    for (int i = 0; i < 250; ++i) {
      Edit e = randomEdit(reference, rng);
      applyToString(reference, e);
      const std::vector<TextChange> one{{TextChange::Span{e.start, e.end}, e.text}};
      tree = tree->edit(one, PositionEncoding::Utf16);
      ++totalEdits;
      if (i % 10 == 9) {
        INFO("seed " << seed << " edit " << i);
        REQUIRE(tree->text() == reference);
        const SyntaxTreePtr fresh = SyntaxTree::parse(reference);
        CHECK(fullDump(*tree) == fullDump(*fresh));
        CHECK(diagDump(*tree) == diagDump(*fresh));
      }
    }
  }
  CHECK(totalEdits == 1000);
}

TEST_CASE("undo brings back the original tree") {
  std::string text = kPackage;
  const SyntaxTreePtr original = SyntaxTree::parse(text);
  const LineIndex idx(text);
  // Delete the trailing comma of the formals, then type it again.
  const ByteOffset comma = static_cast<ByteOffset>(text.find("openssl,") + 7);
  const Position p = idx.position(comma, PositionEncoding::Utf16);
  const Position q{p.line, p.character + 1};
  std::vector<TextChange> del{{TextChange::Span{p, q}, ""}};
  const SyntaxTreePtr t1 = original->edit(del, PositionEncoding::Utf16);
  CHECK(t1->normalised().empty());
  std::vector<TextChange> ins{{TextChange::Span{p, p}, ","}};
  const SyntaxTreePtr t2 = t1->edit(ins, PositionEncoding::Utf16);
  CHECK(t2->text() == text);
  CHECK(fullDump(*t2) == fullDump(*original));
  CHECK_FALSE(t2->root().hasError());
}

TEST_CASE("a comma becomes a trailing formal comma by an edit elsewhere") {
  // Typing the ':' turns `{ a, b, }` from a (broken) attrset into formals;
  // the comma, untouched by the edit, must now be hidden from tree-sitter.
  const std::string before = "{ a, b, }\n  x";
  SyntaxTreePtr t = SyntaxTree::parse(before);
  CHECK(t->normalised().empty());
  CHECK(t->root().hasError());
  const std::vector<TextChange> colon{{TextChange::Span{{0, 9}, {0, 9}}, ":"}};
  t = t->edit(colon, PositionEncoding::Utf16);
  CHECK(t->text() == "{ a, b, }:\n  x");
  CHECK(t->normalised() == std::vector<ByteOffset>{6});
  CHECK_FALSE(t->root().hasError());
  CHECK(fullDump(*t) == fullDump(*SyntaxTree::parse(t->text())));
  // And back: deleting the ':' makes the comma an error again.
  const std::vector<TextChange> undo{{TextChange::Span{{0, 9}, {0, 10}}, ""}};
  t = t->edit(undo, PositionEncoding::Utf16);
  CHECK(t->normalised().empty());
  CHECK(fullDump(*t) == fullDump(*SyntaxTree::parse(before)));
}

TEST_CASE("closing a string far away re-normalises commas consistently") {
  // Opening a string before the formals hides them inside the string;
  // closing it brings them back.
  const std::string base = "x: [ ({ a, }: a) ]";
  SyntaxTreePtr t = SyntaxTree::parse(base);
  CHECK(t->normalised() == std::vector<ByteOffset>{9});
  const std::vector<TextChange> quote{{TextChange::Span{{0, 3}, {0, 3}}, "\""}};
  t = t->edit(quote, PositionEncoding::Utf16);
  CHECK(t->normalised().empty());
  CHECK(fullDump(*t) == fullDump(*SyntaxTree::parse(t->text())));
  const std::vector<TextChange> unquote{{TextChange::Span{{0, 3}, {0, 4}}, ""}};
  t = t->edit(unquote, PositionEncoding::Utf16);
  CHECK(t->normalised() == std::vector<ByteOffset>{9});
  CHECK(fullDump(*t) == fullDump(*SyntaxTree::parse(base)));
}
