// Signature help on fixtures: the cursor is $0; other files follow `#- /path`.
// Snapshot: "label | active | name: documentation; …".

#include <doctest/doctest.h>

#include "analysis/signature_help.h"
#include "tests/support/fixture.h"
#include "tests/support/memory_files.h"

using namespace fw;
using namespace fw::test;

namespace {

std::optional<SignatureHelpResult> help(std::string_view fixture, std::string file = "") {
  const Fixture f = parseFixture(fixture);
  if (file.empty()) file = f.markers.at(0).file;
  const MemoryFiles files(f.files);
  const SyntaxTreePtr tree = SyntaxTree::parse(f.files.at(file));
  const DocumentViewPtr view = DocumentView::exact(tree);
  FeatureContext ctx;
  ctx.path = file;
  ctx.files = &files;
  return signatureHelp(*view, f.at(0), ctx);
}

std::string sig(std::string_view fixture) {
  const auto h = help(fixture);
  if (!h) return "none";
  std::string out = h->label + " | ";
  out += h->activeParameter ? h->parameters[*h->activeParameter].name : "-";
  for (const SignatureParameter& p : h->parameters) {
    out += " | " + p.name + ": " + p.documentation;
    // The label ranges point at the names.
    CHECK(h->label.substr(p.labelStart, p.labelEnd - p.labelStart) == p.name);
  }
  return out;
}

}  // namespace

TEST_CASE("signature help: a local function with formals") {
  CHECK(sig("let f = { a, b ? 1, ... }: a; in f { $0 }") ==
        "f { a, b ? …, ... } | a | a: required | b: default: `1`");
  CHECK(sig("let f = { a, b ? 1 }: a; in f { a = 1; $0 }") ==
        "f { a, b ? … } | b | a: required; already given | b: default: `1`");
  CHECK(sig("let f = { a, b ? 1 }: a; in f { a = 1; b = 2$0; }") ==
        "f { a, b ? … } | b | a: required; already given | b: default: `1`");
  CHECK(sig("let f = { a, b }: a; in f { inherit (x) b; a$0 }") ==
        "f { a, b } | a | a: required | b: required; already given");
  // Every formal given, nothing being typed: no active parameter.
  CHECK(sig("let f = { a }: a; in f { a = 1; $0 }") == "f { a } | - | a: required; already given");
  // Outside the braces: nothing.
  CHECK(sig("let f = { a }: a; in f { a = 1; }$0") == "none");
  CHECK(sig("let f = { a }: a; in f$0 { a = 1; }") == "none");
}

TEST_CASE("signature help: the documentation says what is still required") {
  const auto h = help("let\n  mk = { name, version, src ? null }: name;\nin mk { name = \"x\"; $0 }");
  REQUIRE(h);
  CHECK(h->documentation == "`mk`: let binding on line 2\n\nStill required: `version`");
  const auto u = help("let f = { a }: a; in f { zzz$0 }");
  REQUIRE(u);
  CHECK_FALSE(u->activeParameter);
  CHECK(u->documentation.find("`zzz` is not an argument of this function") != std::string::npos);
}

TEST_CASE("signature help: inside a nested value the outer call still applies") {
  CHECK(sig("let f = { a, b }: a; in f { a = { x = 1; $0 }; }") ==
        "f { a, b } | a | a: required | b: required");
  CHECK(sig("let f = { a, b }: a; in f { a = [ \"${toString 1}\" $0 ]; }") ==
        "f { a, b } | a | a: required | b: required");
  // A call inside the argument of another call: the inner one.
  CHECK(sig("let f = { a }: a; g = { z }: z; in f { a = g { $0 }; }") == "g { z } | z | z: required");
  // A call of an unknown function: nothing (not the outer call).
  CHECK(sig("x: let f = { a }: a; in f { a = x { $0 }; }") == "none");
  // A list of a function and a set is not a call.
  CHECK(sig("let f = { a }: a; in [ f { $0 } ]") == "none");
}

TEST_CASE("signature help: while typing, with syntax errors around") {
  CHECK(sig("let f = { a, b ? 1 }: a; in f {$0") == "f { a, b ? … } | a | a: required | b: default: `1`");
  CHECK(sig("let f = { a, b ? 1 }: a; in f { a = 1; $0") ==
        "f { a, b ? … } | b | a: required; already given | b: default: `1`");
  CHECK(sig("let f = { a, b ? 1 }: a; in f { b$0") == "f { a, b ? … } | b | a: required | b: default: `1`");
  CHECK(sig("let f = { a, b ? 1 }: a; in { x = f { a = 1; b$0 }; y = 2; }") ==
        "f { a, b ? … } | b | a: required; already given | b: default: `1`");
  CHECK(sig("let f = { a, b ? 1 }: a; in { x = f { a = 1; b = $0 }; y = 2; }") ==
        "f { a, b ? … } | b | a: required; already given | b: default: `1`");
  CHECK(sig("let f = { a, b }: a; in f { a = { x$0") == "f { a, b } | a | a: required | b: required");
}

TEST_CASE("signature help: inline lambdas and definitions through other names") {
  CHECK(sig("({ a, ... }: a) { $0 }") == "function { a, ... } | a | a: required");
  CHECK(sig("let f = { a }: a; g = f; in g { $0 }") == "g { a } | a | a: required");
  CHECK(sig("let f = (({ a }: a)); in (f) { $0 }") == "f { a } | a | a: required");
  // Plain lambdas have no formals to show.
  CHECK(sig("let f = x: x; in f { $0 }") == "none");
}

TEST_CASE("signature help: import and callPackage of a file") {
  const char* files = "#- /repo/pkg.nix\n{ stdenv, lib, withFoo ? false, ... }: stdenv.mkDerivation { }\n";
  CHECK(sig(std::string("#- /repo/default.nix\n{ pkgs }: pkgs.callPackage ./pkg.nix { $0 }\n") + files) ==
        "pkgs.callPackage ./pkg.nix { stdenv, lib, withFoo ? …, ... } | stdenv | "
        "stdenv: required (callPackage passes it from the package set) | "
        "lib: required (callPackage passes it from the package set) | withFoo: default: `false`");
  CHECK(sig(std::string("#- /repo/default.nix\nimport ./pkg.nix { lib = 1; $0\n") + files) ==
        "import ./pkg.nix { stdenv, lib, withFoo ? …, ... } | stdenv | stdenv: required | "
        "lib: required; already given | withFoo: default: `false`");
  CHECK(sig(std::string("#- /repo/default.nix\nlet p = import ./pkg.nix; in p { $0 }\n") + files)
            .starts_with("p { stdenv, lib, withFoo ? …, ... } | stdenv"));
  const auto h = help(std::string("#- /repo/default.nix\n{ callPackage }: callPackage ./pkg.nix { $0 }\n") + files);
  REQUIRE(h);
  CHECK(h->documentation == "defined in `./pkg.nix` (/repo/pkg.nix)");
  // A file that is not a function with formals, or does not exist.
  CHECK(sig("#- /r/a.nix\nimport ./b.nix { $0 }\n#- /r/b.nix\nx: x\n") == "none");
  CHECK(sig("#- /r/a.nix\nimport ./nope.nix { $0 }\n") == "none");
  // A local `import` is not the builtin.
  CHECK(sig(std::string("#- /repo/default.nix\nlet import = x: x; in import ./pkg.nix { $0 }\n") + files) == "none");
}

TEST_CASE("signature help: on a provisional view right after an edit in a long set") {
  std::string text = "let f = { a, b ? 1 }: a; in {\n";
  for (int i = 0; i < 300; ++i) text += "  x" + std::to_string(i) + " = f { a = 1; };\n";
  text += "}\n";
  const SyntaxTreePtr tree = SyntaxTree::parse(text);
  const DocumentViewPtr exact = DocumentView::exact(tree);
  // Type " b" after "a = 1;" in binding x150.
  const std::string needle = "x150 = f { a = 1;";
  const auto at = static_cast<ByteOffset>(text.find(needle) + needle.size());
  const std::vector<ByteEdit> edits = {{at, at, " b"}};
  const DocumentViewPtr view = exact->provisional(edits);
  REQUIRE(view->hasRegion());
  const auto h = signatureHelp(*view, at + 2, FeatureContext{});
  REQUIRE(h);
  CHECK(h->label == "f { a, b ? … }");
  REQUIRE(h->activeParameter);
  CHECK(*h->activeParameter == 1);
  CHECK(h->parameters[0].given);
}

TEST_CASE("signature help: functions reached through attribute sets, here or in imported files") {
  CHECK(sig("let lib = { greet = { name, greeting ? \"hi\" }: name; }; in lib.greet { $0 }") ==
        "lib.greet { name, greeting ? … } | name | name: required | greeting: default: `\"hi\"`");
  CHECK(sig("let lib = { a.b = { x }: x; }; in lib.a.b { $0 }") == "lib.a.b { x } | x | x: required");
  CHECK(sig("let lib = { greet = { name }: name; }; inherit (lib) greet; in greet { $0 }") ==
        "greet { name } | name | name: required");
  const char* files = "#- /r/lib.nix\n{\n  greet = { name, ... }: name;\n  other = 1;\n}\n";
  CHECK(sig(std::string("#- /r/a.nix\nlet lib = import ./lib.nix; in lib.greet { $0 }\n") + files) ==
        "lib.greet { name, ... } | name | name: required");
  const auto h = help(std::string("#- /r/a.nix\nlet lib = import ./lib.nix; in lib.greet { $0 }\n") + files);
  REQUIRE(h);
  CHECK(h->documentation == "`lib.greet`: attribute on line 2 of /r/lib.nix\n\nStill required: `name`");
  // Not a function, or not there: nothing.
  CHECK(sig(std::string("#- /r/a.nix\nlet lib = import ./lib.nix; in lib.other { $0 }\n") + files) == "none");
  CHECK(sig(std::string("#- /r/a.nix\nlet lib = import ./lib.nix; in lib.nope { $0 }\n") + files) == "none");
  CHECK(sig("{ lib }: lib.greet { $0 }") == "none");
}

TEST_CASE("signature help: 9,000 levels of nesting around the call") {
  // Nix allows 10,000 entries on its parser's stack; deeper, flakewise's
  // parser stops reading too (parser/nesting.h).
  const std::string text = "let f = { a }: a; in " + std::string(9000, '(') + " f { $0 } " + std::string(9000, ')');
  CHECK(sig(text) == "f { a } | a | a: required");
}
