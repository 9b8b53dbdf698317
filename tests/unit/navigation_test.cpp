// Definition, hover, references, rename and completion on fixtures with
// cursor markers ($0) and, for cross-file cases, several files.

#include <doctest/doctest.h>

#include <algorithm>

#include "analysis/completion.h"
#include "analysis/navigation.h"
#include "analysis/references.h"
#include "tests/support/fixture.h"
#include "tests/support/memory_files.h"

using namespace fw;
using namespace fw::test;

namespace {

struct Env {
  Fixture f;
  MemoryFiles files;
  SyntaxTreePtr tree;
  DocumentViewPtr view;
  std::shared_ptr<const FileAnalysis> analysis;
  FeatureContext ctx;

  explicit Env(std::string_view text)
      : f(parseFixture(text)), files(f.files), tree(SyntaxTree::parse(f.files.at(f.markers.at(0).file))),
        view(DocumentView::exact(tree)), analysis(analyzeFile(tree)) {
    ctx.path = f.markers.at(0).file;
    ctx.files = &files;
  }
  ByteOffset at(int n = 0) const { return f.at(n); }
  std::string text(ByteRange r) const { return tree->text().substr(r.start, r.length()); }
};

// "file:line:col" of each definition target (file omitted when local).
std::string defs(const Env& e, int marker = 0) {
  std::string out;
  for (const Location& l : definition(*e.view, e.at(marker), e.ctx)) {
    if (!out.empty()) out += " ";
    out += l.file.empty() ? lineCol(*e.tree, l.range.start) : l.file;
  }
  return out;
}

std::string hoverText(const Env& e, int marker = 0) {
  const auto h = hover(*e.view, e.at(marker), e.ctx);
  return h ? h->markdown : "";
}

std::vector<std::string> labels(const CompletionResult& r) {
  std::vector<std::string> out;
  for (const auto& it : r.items) out.push_back(it.label);
  std::sort(out.begin(), out.end());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("definition of variables, inherits and selections") {
  CHECK(defs(Env("let a = 1; in a$0")) == "1:5");
  CHECK(defs(Env("{ pkgs, ... }: pkgs$0.hello")) == "1:3");
  CHECK(defs(Env("x: let inherit x$0; in x")) == "1:1");
  CHECK(defs(Env("let s = { x = 1; y.z = 2; }; in s.x$0")) == "1:11");
  CHECK(defs(Env("let s = { x = 1; y.z = 2; }; in s.y.z$0")) == "1:20");
  CHECK(defs(Env("let s = { x = { w = 1; }; }; in s.x.w$0")) == "1:17");
  CHECK(defs(Env("let s = { a = 1; }; in { inherit (s) a$0; }")) == "1:11");
  CHECK(defs(Env("map$0")) == "");  // a builtin: no source
  CHECK(defs(Env("with { }; y$0")) == "");
}

TEST_CASE("definition of path literals and imports goes to the file") {
  const char* fx = "#- /repo/flake.nix\n{ outputs = _: import ./lib$0 { }; m = ./modules/a.nix$1; n = ./nope.nix$2; }\n"
                   "#- /repo/lib/default.nix\n{ }: 1\n"
                   "#- /repo/modules/a.nix\n{ }\n";
  const Env e(fx);
  CHECK(defs(e, 0) == "/repo/lib/default.nix");
  CHECK(defs(e, 1) == "/repo/modules/a.nix");
  CHECK(defs(e, 2) == "");
}

TEST_CASE("hover shows a binding's value shape and where it is defined") {
  CHECK(hoverText(Env("let f = { a, b ? 1, ... }: a; in f$0")) ==
        "```nix\nf = function { a, b ? …, ... }\n```\nlet binding, defined on line 1");
  CHECK(hoverText(Env("let s = { x = 1; y = 2; }; in s$0")) ==
        "```nix\ns = { x; y; } (2 attributes)\n```\nlet binding, defined on line 1");
  CHECK(hoverText(Env("{ lib, stdenv ? null }: stdenv$0")) ==
        "```nix\nstdenv = null\n```\nfunction argument with default `null`, defined on line 1");
  CHECK(hoverText(Env("let v = \"1.2.3\"; in v$0")) == "```nix\nv = \"1.2.3\"\n```\nlet binding, defined on line 1");
  CHECK(hoverText(Env("x: with x; y$0")).find("comes from `with x;` on line 1") != std::string::npos);
}

TEST_CASE("hover on builtins, keywords and paths") {
  CHECK(hoverText(Env("map$0 (x: x) [ ]")).starts_with("```nix\nmap :: "));
  CHECK(hoverText(Env("builtins.attrNames$0 { }")).starts_with("```nix\nattrNames :: "));
  CHECK(hoverText(Env("builtins.nope$0")) == "`builtins.nope`: not a known builtin");
  CHECK(hoverText(Env("let$0 a = 1; in a")).starts_with("```nix\nlet "));
  const Env p("#- /r/a.nix\nimport ./b.nix$0\n#- /r/b.nix\n1\n");
  CHECK(hoverText(p) == "path `./b.nix`\n\n/r/b.nix");
}

TEST_CASE("references and highlights of a let binding") {
  const Env e("let a = 1; b = a + a$0; in [ a b ]");
  const auto occ = occurrences(*e.analysis, e.at());
  REQUIRE(occ.size() == 4);
  CHECK(occ[0].write);
  CHECK(e.text(occ[0].range) == "a");
  for (std::size_t i = 1; i < occ.size(); ++i) CHECK_FALSE(occ[i].write);
}

TEST_CASE("rename a let binding, updating uses and keeping inherited attributes") {
  const Env e("let a$0 = 1; in { x = a; inherit a; y = let b = a; in b; }");
  const RenameResult r = rename(*e.analysis, e.at(), "count");
  REQUIRE(r.error.empty());
  CHECK(applyEdits(e.tree->text(), r.edits) ==
        "let count = 1; in { x = count; a = count; y = let b = count; in b; }");
}

TEST_CASE("rename a binding that several dotted bindings define together") {
  // Found by the rename-versus-Nix corpus test: only the first was renamed.
  const Env e("let\n  paths = { prefix = \"/opt\"; };\n  paths.bin = 1;\n  p.x = 1;\n  p.y = 2;\nin [ paths$0.bin p.x ]");
  const RenameResult r = rename(*e.analysis, e.at(), "dirs");
  REQUIRE(r.error.empty());
  CHECK(applyEdits(e.tree->text(), r.edits) ==
        "let\n  dirs = { prefix = \"/opt\"; };\n  dirs.bin = 1;\n  p.x = 1;\n  p.y = 2;\nin [ dirs.bin p.x ]");
  const auto occ = occurrences(*e.analysis, e.at());
  REQUIRE(occ.size() == 3);  // both bindings are writes
  CHECK((occ[0].write && occ[1].write && !occ[2].write));
  const Env f("let\n  p.x = 1;\n  p$0.y = 2;\nin p.x");
  CHECK(occurrences(*f.analysis, f.at()).size() == 3);
  const RenameResult q = rename(*f.analysis, f.at(), "q");
  REQUIRE(q.error.empty());
  CHECK(applyEdits(f.tree->text(), q.edits) == "let\n  q.x = 1;\n  q.y = 2;\nin q.x");
}

TEST_CASE("rename refuses what would change the meaning") {
  CHECK(prepareRename(*Env("{ a, b }: a$0").analysis, Env("{ a, b }: a$0").at()).error ==
        "renaming a formal argument would change how callers must call the function");
  {
    const Env e("rec { a = 1; b = a$0; }");
    CHECK(prepareRename(*e.analysis, e.at()).error.find("rec") != std::string::npos);
  }
  {
    const Env e("map$0");
    CHECK(prepareRename(*e.analysis, e.at()).error == "this is a Nix built-in name; it cannot be renamed");
  }
  {
    // Capture by an inner binding of the new name.
    const Env e("let a$0 = 1; in let b = 2; in a + b");
    CHECK(rename(*e.analysis, e.at(), "b").error.find("would capture") != std::string::npos);
  }
  {
    // An outer use of the new name would be captured by the renamed one.
    const Env e("x: let a$0 = 1; in a + x");
    CHECK(rename(*e.analysis, e.at(), "x").error.find("already used") != std::string::npos);
  }
  {
    // A name from `with` inside the scope would be captured as well.
    const Env e("let a$0 = 1; in with { y = 2; }; a + y");
    CHECK(rename(*e.analysis, e.at(), "y").error.find("already used") != std::string::npos);
  }
  {
    const Env e("let a$0 = 1; b = 2; in a");
    CHECK(rename(*e.analysis, e.at(), "b").error.find("already defined") != std::string::npos);
    CHECK(rename(*e.analysis, e.at(), "in").error == "'in' is not a valid Nix identifier");
  }
  {
    // A lambda argument is safe to rename.
    const Env e("x$0: x + 1");
    const RenameResult r = rename(*e.analysis, e.at(), "y");
    REQUIRE(r.error.empty());
    CHECK(applyEdits(e.tree->text(), r.edits) == "y: y + 1");
  }
}

TEST_CASE("completion of names in scope, globals and keywords") {
  const Env e("{ pkgs, lib, ... }: let helper = x: x; value = 1; in { a = h$0; }");
  const CompletionResult r = completion(*e.view, e.at(), e.ctx);
  const auto l = labels(r);
  CHECK(has(l, "helper"));
  CHECK_FALSE(has(l, "value"));  // does not match "h"
  CHECK(e.text(r.replace) == "h");
  const Env e2("{ pkgs, lib, ... }: let helper = x: x; value = 1; in { a = $0; }");
  const auto l2 = labels(completion(*e2.view, e2.at(), e2.ctx));
  for (const char* n : {"pkgs", "lib", "helper", "value", "map", "builtins", "let", "with", "true"}) {
    INFO(n);
    CHECK(has(l2, n));
  }
  CHECK_FALSE(has(l2, "a"));  // attributes of a plain set are not in scope
  // Names bound from strings that no variable can refer to are not offered
  // (an empty label, found by fuzz_analysis).
  const Env e3(R"(let inherit ({ "" = 1; "a b" = 2; c = 3; }) "" "a b" c; in $0)");
  const auto l3 = labels(completion(*e3.view, e3.at(), e3.ctx));
  CHECK(has(l3, "c"));
  CHECK_FALSE(has(l3, ""));
  CHECK_FALSE(has(l3, "a b"));
}

TEST_CASE("completion after a dot: builtins and literal sets") {
  const Env e("builtins.attrN$0");
  const auto l = labels(completion(*e.view, e.at(), e.ctx));
  CHECK(has(l, "attrNames"));
  CHECK_FALSE(has(l, "map"));
  const Env s("let cfg = { port = 1; tls.enable = true; }; in cfg.$0");
  CHECK(labels(completion(*s.view, s.at(), s.ctx)) == std::vector<std::string>{"port", "tls"});
  const Env t("let cfg = { port = 1; tls.enable = true; }; in cfg.tls.$0");
  CHECK(labels(completion(*t.view, t.at(), t.ctx)) == std::vector<std::string>{"enable"});
}

TEST_CASE("completion of files in path literals") {
  const Env e("#- /r/default.nix\nimport ./pkgs/$0\n#- /r/pkgs/a.nix\n1\n#- /r/pkgs/sub/default.nix\n1\n#- /r/pkgs/notes.txt\nx\n");
  const CompletionResult r = completion(*e.view, e.at(), e.ctx);
  CHECK(labels(r) == std::vector<std::string>{"a.nix", "sub"});
}

TEST_CASE("no completion in comments, strings or binding names") {
  CHECK(completion(*Env("# he$0").view, Env("# he$0").at(), {}).items.empty());
  CHECK(completion(*Env("\"he$0\"").view, Env("\"he$0\"").at(), {}).items.empty());
  const Env e("let x = 1; in { a = 1; $0 }");
  CHECK(completion(*e.view, e.at(), e.ctx).items.empty());
}

TEST_CASE("definition, hover and completion follow imports into other files") {
  const char* fx =
      "#- /r/default.nix\n"
      "let lib = import ./lib.nix; helpers = import ./helpers.nix { }; in [ lib.greet$0 helpers.twice$1 (lib.$2) ]\n"
      "#- /r/lib.nix\n"
      "{\n  greet = name: \"hi ${name}\";\n  version = \"1.0\";\n}\n"
      "#- /r/helpers.nix\n"
      "{ }:\nlet x = 1; in { twice = v: v * 2; }\n";
  const Env e(fx);
  const auto d0 = definition(*e.view, e.at(0), e.ctx);
  REQUIRE(d0.size() == 1);
  CHECK(d0[0].file == "/r/lib.nix");
  REQUIRE(d0[0].tree);
  CHECK(lineCol(*d0[0].tree, d0[0].range.start) == "2:3");
  const auto d1 = definition(*e.view, e.at(1), e.ctx);
  REQUIRE(d1.size() == 1);
  CHECK(d1[0].file == "/r/helpers.nix");
  CHECK(lineCol(*d1[0].tree, d1[0].range.start) == "2:17");
  CHECK(hoverText(e, 0) == "```nix\ngreet = function name: …\n```\nattribute of `lib`, defined in /r/lib.nix on line 2");
  CHECK(labels(completion(*e.view, e.at(2), e.ctx)) == std::vector<std::string>{"greet", "version"});
}

TEST_CASE("definition of an argument passed to a file goes to its formal") {
  const char* fx =
      "#- /r/default.nix\n"
      "{ pkgs }: { app = pkgs.callPackage ./app.nix { withTls$0 = true; }; m = import ./m.nix { inherit pkgs; debug$1 = 1; }; }\n"
      "#- /r/app.nix\n"
      "{\n  stdenv,\n  withTls ? false,\n}:\nstdenv.mkDerivation { }\n"
      "#- /r/m.nix\n"
      "{ pkgs, ... }: { }\n";
  const Env e(fx);
  const auto d = definition(*e.view, e.at(0), e.ctx);
  REQUIRE(d.size() == 1);
  CHECK(d[0].file == "/r/app.nix");
  CHECK(lineCol(*d[0].tree, d[0].range.start) == "3:3");
  // `debug` is not a formal of m.nix: the binding itself.
  const auto d1 = definition(*e.view, e.at(1), e.ctx);
  REQUIRE(d1.size() == 1);
  CHECK(d1[0].file.empty());
}

TEST_CASE("references of an attribute across files that import it") {
  const char* fx =
      "#- /r/lib.nix\n"
      "{\n  greet$0 = name: \"hi ${name}\";\n  other = 1;\n}\n"
      "#- /r/a.nix\n"
      "let lib = import ./lib.nix; in [ (lib.greet \"a\") lib.other ]\n"
      "#- /r/b.nix\n"
      "let l = import ./lib.nix; in { inherit (l) greet; x = l.greet; y = { greet = 1; }.greet; }\n";
  const Env e(fx);
  const auto refs = attributeReferences(e.tree, e.at(), e.ctx, true);
  std::vector<std::string> where;
  for (const Location& l : refs) {
    const SyntaxTree& t = l.tree ? *l.tree : *e.tree;
    where.push_back((l.file.empty() ? "/r/lib.nix" : l.file) + ":" + lineCol(t, l.range.start));
  }
  std::sort(where.begin(), where.end());
  std::string all;
  for (const auto& w : where) all += w + " ";
  CHECK(all == "/r/a.nix:1:39 /r/b.nix:1:44 /r/b.nix:1:57 /r/lib.nix:2:3 ");
}

namespace {

// The fixture's files after an attribute rename, "path:\ntext" each, for
// the files it changes.
std::string renamedFiles(const Env& e, const AttributeRename& r) {
  std::map<std::string, std::vector<TextEdit>> byFile;
  for (const FileEdit& fe : r.edits) byFile[fe.file.empty() ? e.ctx.path : fe.file].push_back(fe.edit);
  std::string out;
  for (const auto& [path, edits] : byFile) out += path + ":\n" + applyEdits(e.f.files.at(path), edits) + "\n";
  return out;
}

const char* kLibFixture =
    "#- /r/lib.nix\n"
    "{\n  greet$0 = name: \"hi ${name}\";\n  other = 1;\n}\n"
    "#- /r/a.nix\n"
    "let lib = import ./lib.nix; in [ (lib.greet$1 \"a\") lib.other ]\n"
    "#- /r/b.nix\n"
    "let l = import ./lib.nix; in { inherit (l) greet; x = l.greet; y = { greet = 1; }.greet; }\n"
    "#- /r/c.nix\n"
    "(builtins.import (./lib.nix)).greet \"c\"\n"
    "#- /r/d.nix\n"
    "{ inherit (import ./lib.nix) other greet; z = import ./lib.nix ? greet; }\n";

}  // namespace

TEST_CASE("rename an attribute of a file across the files that import it") {
  const std::string expected =
      "/r/a.nix:\nlet lib = import ./lib.nix; in [ (lib.hello \"a\") lib.other ]\n\n"
      "/r/b.nix:\nlet l = import ./lib.nix; in { greet = l.hello; x = l.hello; y = { greet = 1; }.greet; }\n\n"
      "/r/c.nix:\n(builtins.import (./lib.nix)).hello \"c\"\n\n"
      "/r/d.nix:\n{ inherit (import ./lib.nix) other; greet = (import ./lib.nix).hello; z = import ./lib.nix ? hello; }\n\n"
      "/r/lib.nix:\n{\n  hello = name: \"hi ${name}\";\n  other = 1;\n}\n\n";
  const Env e(kLibFixture);
  const AttributeRename prep = renameAttribute(e.tree, e.at(), e.ctx, "");
  CHECK(prep.isAttribute);
  CHECK(prep.error == "");
  CHECK(prep.placeholder == "greet");
  CHECK(e.text(prep.range) == "greet");
  const AttributeRename r = renameAttribute(e.tree, e.at(), e.ctx, "hello");
  REQUIRE(r.error == "");
  CHECK(renamedFiles(e, r) == expected);

  // From a use in an importing file: the same edits.
  std::string fromUse = kLibFixture;
  fromUse.replace(fromUse.find("greet$0"), 7, "greet");
  fromUse.replace(fromUse.find("greet$1"), 7, "greet$0");
  const Env u(fromUse);
  const AttributeRename r2 = renameAttribute(u.tree, u.at(), u.ctx, "hello");
  REQUIRE(r2.error == "");
  CHECK(renamedFiles(u, r2) == expected);
}

TEST_CASE("rename of an attribute refuses where a use of the set is not certain") {
  auto refusal = [](std::string_view extraFile, std::string_view newName = "hello") {
    const Env e(std::string(kLibFixture) + "#- /r/z.nix\n" + std::string(extraFile) + "\n");
    const AttributeRename r = renameAttribute(e.tree, e.at(), e.ctx, newName);
    CHECK(r.isAttribute);
    CHECK(r.edits.empty());
    return r.error;
  };
  CHECK(refusal("let l = import ./lib.nix; in builtins.attrNames l") ==
        "cannot rename 'greet' everywhere: z.nix line 1 uses the set in a way flakewise cannot follow");
  CHECK(refusal("{ callPackage }: callPackage ./lib.nix { }") ==
        "cannot rename 'greet' everywhere: z.nix line 1 passes the file to `callPackage`");
  CHECK(refusal("with import ./lib.nix; greet") ==
        "cannot rename 'greet' everywhere: z.nix line 1 uses the set in a way flakewise cannot follow");
  CHECK(refusal("{ lib = import ./lib.nix; }") ==
        "cannot rename 'greet' everywhere: z.nix line 1 makes the set the value of an attribute, which other code "
        "can read");
  CHECK(refusal("let l = import ./lib.nix; in l.${\"gr\" + \"eet\"}") ==
        "cannot rename 'greet' everywhere: z.nix line 1 selects an attribute of the set by a computed name");
  CHECK(refusal("let l = import ./lib.nix; in l.hello or 1") ==
        "cannot rename 'greet' everywhere: z.nix line 1 already reads 'hello' from the set");
  CHECK(refusal("let l = import ./lib.nix; in { inherit l; }") ==
        "cannot rename 'greet' everywhere: z.nix line 1 inherits the set under its name");
  CHECK(refusal("let import = x: x; in (import ./lib.nix).greet") ==
        "cannot rename 'greet' everywhere: z.nix line 1 passes the file to `import`");
  CHECK(refusal("1", "other") == "cannot rename 'greet' everywhere: lib.nix line 3 already has an attribute 'other'");
  CHECK(refusal("1", "in") == "'in' is not a valid Nix identifier");
}

TEST_CASE("rename an attribute of a file that is a function, and of a local set") {
  {
    const Env e(
        "#- /r/lib.nix\n{ x }: let y = x; in { val$0 = y; }\n"
        "#- /r/a.nix\n(import ./lib.nix { x = 1; }).val\n");
    const AttributeRename r = renameAttribute(e.tree, e.at(), e.ctx, "value");
    REQUIRE(r.error == "");
    CHECK(renamedFiles(e, r) ==
          "/r/a.nix:\n(import ./lib.nix { x = 1; }).value\n\n/r/lib.nix:\n{ x }: let y = x; in { value = y; }\n\n");
    const Env f(
        "#- /r/lib.nix\n{ x }: { val$0 = x; }\n"
        "#- /r/a.nix\nlet f = import ./lib.nix; in (f { x = 1; }).val\n");
    CHECK(renameAttribute(f.tree, f.at(), f.ctx, "value").error ==
          "cannot rename 'val' everywhere: a.nix line 1 imports the file, a function, without calling it");
  }
  {
    // Through a second let name.
    const Env e("let s = { a$0 = 1; }; t = s; in s.a + t.a");
    const AttributeRename q = renameAttribute(e.tree, e.at(), e.ctx, "c");
    REQUIRE(q.error == "");
    CHECK(renamedFiles(e, q) == e.ctx.path + ":\nlet s = { c = 1; }; t = s; in s.c + t.c\n");
    const Env g("let s = { a$0.x = 1; a.b = 2; }; in s.a.b + (s).a.x");
    const AttributeRename r = renameAttribute(g.tree, g.at(), g.ctx, "c");
    REQUIRE(r.error == "");
    CHECK(renamedFiles(g, r) == g.ctx.path + ":\nlet s = { c.x = 1; c.b = 2; }; in s.c.b + (s).c.x\n");
  }
}
