// The evaluator's behaviour beyond agreement with Nix (that is
// tests/corpus/eval_differential_test.cpp): laziness, recursion and
// budgets, cancellation, the sandbox, import caching, tolerant evaluation
// and the API the server uses.

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "analysis/eval/evaluator.h"
#include "analysis/eval/stack_guard.h"
#include "server/eval_files.h"
#include "tests/support/lsp_client.h"

namespace fw::eval {
namespace {

struct Fixture {
  std::shared_ptr<MemoryFileSystem> fs = std::make_shared<MemoryFileSystem>();
  std::shared_ptr<Evaluator> ev = std::make_shared<Evaluator>(fs);
  EvalSettings settings;

  Fixture() { settings.allowedRoots = {"/ws"}; }

  // Evaluates and prints strictly; "error[kind]: message" on failure.
  std::string eval(const std::string& expr) {
    Evaluation run(*ev, settings);
    auto v = run.evalExpr(expr, "/ws");
    if (!v.ok()) return "error[" + std::string(errorKindName(v.error->kind)) + "]: " + v.error->message;
    auto p = run.print(*v.value, true);
    if (!p.ok()) return "error[" + std::string(errorKindName(p.error->kind)) + "]: " + p.error->message;
    return *p.value;
  }
  ErrorKind errorKind(const std::string& expr) {
    Evaluation run(*ev, settings);
    auto v = run.evalExpr(expr, "/ws");
    if (v.ok()) {
      auto p = run.print(*v.value, true);
      REQUIRE_FALSE(p.ok());
      return p.error->kind;
    }
    return v.error->kind;
  }
};

TEST_CASE("eval: unused throws are never forced") {
  Fixture f;
  CHECK(f.eval("{ a = 1; b = throw \"no\"; }.a") == "1");
  CHECK(f.eval("let x = throw \"no\"; y = abort \"no\"; in 2") == "2");
  CHECK(f.eval("builtins.length [ (throw \"a\") (abort \"b\") ]") == "2");
  CHECK(f.eval("builtins.length (map (x: throw \"no\") [ 1 2 3 ])") == "3");
  CHECK(f.eval("builtins.attrNames { a = throw \"x\"; b = abort \"y\"; }") == "[ \"a\" \"b\" ]");
  CHECK(f.eval("({ a ? throw \"default\" }: 1) { }") == "1");
  CHECK(f.eval("(x: 5) (throw \"argument\")") == "5");
  CHECK(f.eval("builtins.head (builtins.genList (i: if i == 0 then 0 else throw \"no\") 10)") == "0");
  CHECK(f.eval("(builtins.mapAttrs (n: v: throw \"no\") { a = 1; }) ? a") == "true");
  CHECK(f.eval("false && throw \"no\"") == "false");
  CHECK(f.eval("builtins.seq { a = throw \"no\"; } 1") == "1");
  CHECK(f.eval("let s = { inherit (throw \"no\") a; b = 2; }; in s.b") == "2");
  CHECK(f.eval("(rec { a = throw \"no\"; b = 3; }).b") == "3");
  CHECK(f.eval("with { a = throw \"no\"; b = 4; }; b") == "4");
}

TEST_CASE("eval: the API forces only what is asked for") {
  Fixture f;
  Evaluation run(*f.ev, f.settings);
  auto v = run.evalExpr("{ good = { x = 1; }; bad = throw \"bad attribute\"; }", "/ws");
  REQUIRE(v.ok());
  auto names = run.attrNames(*v.value);
  REQUIRE(names.ok());
  CHECK(*names.value == std::vector<std::string>{"bad", "good"});
  auto good = run.getAttr(*v.value, "good");
  REQUIRE(good.ok());
  CHECK(*run.kind(*good.value).value == ValueKind::Attrs);
  auto bad = run.getAttr(*v.value, "bad");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error->kind == ErrorKind::Throw);
  CHECK(bad.error->message == "bad attribute");
  REQUIRE(bad.error->where);
  CHECK(bad.error->where->line == 1);
  // The set is still usable after an error in one attribute.
  CHECK(*run.print(*good.value, true).value == "{ x = 1; }");
}

TEST_CASE("eval: infinite recursion is detected, with the culprit's position") {
  Fixture f;
  Evaluation run(*f.ev, f.settings);
  auto v = run.evalExpr("let\n  x = y;\n  y = x;\nin x", "/ws");
  REQUIRE_FALSE(v.ok());
  CHECK(v.error->kind == ErrorKind::InfiniteRecursion);
  CHECK(v.error->message == "infinite recursion encountered");
  REQUIRE(v.error->where);
  CHECK(v.error->where->line >= 2);
  CHECK(f.errorKind("rec { a = a; }.a") == ErrorKind::InfiniteRecursion);
  CHECK(f.errorKind("let x = { y = x.y; }; in x.y") == ErrorKind::InfiniteRecursion);
}

TEST_CASE("eval: deep and endless recursion ends in a clean limit error") {
  Fixture f;
  // Non-tail recursion a million deep: the stack guard or the depth budget.
  CHECK(f.errorKind("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 1000000") == ErrorKind::Limit);
  // Endless tail recursion: the depth budget counts tail calls.
  CHECK(f.errorKind("let f = n: f (n + 1); in f 0") == ErrorKind::Limit);
  CHECK(f.errorKind("let f = n: 1 + f (n + 1); in f 0") == ErrorKind::Limit);
  // Deep but finite recursion works.
  CHECK(f.eval("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 50000") == "50000");
  CHECK(f.eval("let f = n: if n == 0 then 0 else f (n - 1); in f 200000") == "0");
  // A value nested deeper than the depth budget: printing, JSON, deepSeq
  // and comparison end in a limit error instead of overflowing the stack.
  const std::string deep = "(builtins.foldl' (acc: i: [ acc ]) [ ] (builtins.genList (i: i) 600000))";
  CHECK(f.eval(deep).rfind("error[limit]", 0) == 0);
  CHECK(f.errorKind("builtins.toJSON " + deep) == ErrorKind::Limit);
  CHECK(f.errorKind("builtins.deepSeq " + deep + " 1") == ErrorKind::Limit);
  CHECK(f.errorKind(deep + " == " + deep) == ErrorKind::Limit);
  // Within the budget they work.
  CHECK(f.eval("builtins.stringLength (builtins.toJSON (builtins.foldl' (acc: i: [ acc ]) [ ] "
               "(builtins.genList (i: i) 100000)))") == "200002");
}

TEST_CASE("eval: deeply nested source compiles into an error, not a crash") {
  Fixture f;
  // Deeper than Nix's parser allows: a syntax error, as in Nix.
  std::string text(200000, '(');
  text += "1";
  text += std::string(200000, ')');
  Evaluation run(*f.ev, f.settings);
  auto v = run.evalExpr(text, "/ws");
  REQUIRE(!v.ok());
  CHECK(v.error->kind == ErrorKind::Syntax);
  // A left-nested chain has no such limit: 200,000 deep.
  std::string chain = "1";
  for (int i = 0; i < 200000; ++i) chain += " + 1";
  auto c = run.evalExpr(chain, "/ws");
  if (c.ok()) {
    CHECK(*run.print(*c.value, true).value == "200001");
  } else {
    CHECK(c.error->kind == ErrorKind::Limit);
  }
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested += "[";
  for (int i = 0; i < 100000; ++i) nested += "]";
  auto json = run.evalExpr("builtins.fromJSON \"" + nested + "\"", "/ws");
  if (json.ok()) {
    auto p = run.print(*json.value, true);
    if (!p.ok()) CHECK(p.error->kind == ErrorKind::Limit);
  } else {
    CHECK(json.error->kind == ErrorKind::Limit);
  }
}

TEST_CASE("eval: step and memory budgets") {
  Fixture f;
  f.settings.budget.maxSteps = 10000;
  Evaluation run(*f.ev, f.settings);
  auto v = run.evalExpr("let fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2); in fib 25", "/ws");
  REQUIRE_FALSE(v.ok());
  CHECK(v.error->kind == ErrorKind::Limit);
  CHECK(v.error->message.find("evaluation limit reached") == 0);

  Fixture g;
  g.settings.budget.maxMemory = 8 << 20;
  Evaluation run2(*g.ev, g.settings);
  auto w = run2.evalExpr("builtins.length (builtins.genList (i: toString i) 1000000)", "/ws");
  if (w.ok()) {
    // The list itself fits; forcing every element does not.
    auto p = run2.evalExpr("builtins.deepSeq (builtins.genList (i: toString i) 1000000) 1", "/ws");
    REQUIRE_FALSE(p.ok());
    CHECK(p.error->kind == ErrorKind::Limit);
  } else {
    CHECK(w.error->kind == ErrorKind::Limit);
  }
}

TEST_CASE("eval: one allocation larger than the memory budget is refused before it is made") {
  // Found by fuzz_eval: the budget was checked between steps only, so
  // `genList f 100000000` took 7.8 GB under a 256 MiB budget.
  Fixture f;
  f.settings.budget.maxMemory = 256u << 20;
  const auto start = std::chrono::steady_clock::now();
  Evaluation run(*f.ev, f.settings);
  auto v = run.evalExpr("builtins.length (builtins.genList (x: x) 100000000)", "/ws");
  REQUIRE_FALSE(v.ok());
  CHECK(v.error->kind == ErrorKind::Limit);
  CHECK(v.error->message == "evaluation limit reached: more than 256 MiB of memory");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  // Within the budget the same program works.
  CHECK(f.eval("builtins.length (builtins.genList (x: x) 100000)") == "100000");
}

TEST_CASE("eval: a stop token cancels a running evaluation") {
  Fixture f;
  f.settings.budget.maxDepth = 1ull << 40;
  std::stop_source stop;
  Evaluation run(*f.ev, f.settings, stop.get_token());
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  auto v = run.evalExpr("let loop = n: if n < 0 then 0 else loop (n + 1); in builtins.foldl' (a: b: a + b) 0 "
                        "(builtins.genList (i: loop 0) 10)",
                        "/ws");
  canceller.join();
  REQUIRE_FALSE(v.ok());
  CHECK(v.error->kind == ErrorKind::Cancelled);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));

  std::stop_source already;
  already.request_stop();
  Evaluation run2(*f.ev, f.settings, already.get_token());
  auto w = run2.evalExpr("builtins.length (builtins.genList (i: i * i) 100000)", "/ws");
  REQUIRE_FALSE(w.ok());
  CHECK(w.error->kind == ErrorKind::Cancelled);
}

TEST_CASE("eval: reads outside the allowed roots are refused") {
  Fixture f;
  f.fs->add("/ws/a.nix", "{ v = 1; }");
  f.fs->add("/ws/sub/b.nix", "import ../a.nix");
  f.fs->add("/secret/key.nix", "\"secret\"");
  f.fs->add("/secret/key.txt", "secret");
  CHECK(f.eval("(import ./a.nix).v") == "1");
  CHECK(f.eval("(import ./sub/b.nix).v") == "1");
  CHECK(f.errorKind("import /secret/key.nix") == ErrorKind::FileAccess);
  CHECK(f.errorKind("builtins.readFile /secret/key.txt") == ErrorKind::FileAccess);
  CHECK(f.errorKind("builtins.readFile \"/secret/key.txt\"") == ErrorKind::FileAccess);
  CHECK(f.errorKind("builtins.pathExists /secret/key.txt") == ErrorKind::FileAccess);
  CHECK(f.errorKind("builtins.readDir /secret") == ErrorKind::FileAccess);
  CHECK(f.errorKind("import ./../secret/key.nix") == ErrorKind::FileAccess);
  CHECK(f.eval("builtins.tryEval (builtins.readFile /secret/key.txt)").find("error[file-access]") == 0);
  // Copying to the (virtual) store reads the file too.
  CHECK(f.errorKind("\"${/secret/key.txt}\"") == ErrorKind::FileAccess);
  const std::string copied = f.eval("\"${./a.nix}\"");
  CHECK(copied.rfind("\"/nix/store/", 0) == 0);
  CHECK(copied.find("-a.nix\"") == copied.size() - 7);
  // A search path entry is allowed.
  f.settings.searchPath = {{"keys", "/secret"}};
  f.settings.allowedRoots.push_back("/secret");
  CHECK(f.eval("import <keys/key.nix>") == "\"secret\"");
}

TEST_CASE("eval: symlinks out of the workspace are refused (real disk)") {
  test::TempDir dir;
  const std::string ws = dir.write("ws/a.nix", "builtins.readFile ./link");
  const std::string outside = dir.write("outside/secret.txt", "secret");
  std::filesystem::create_symlink(outside, dir.path() + "/ws/link");
  Evaluator ev(std::make_shared<server::DiskFileSystem>());
  EvalSettings settings;
  settings.allowedRoots = {dir.path() + "/ws"};
  Evaluation run(ev, settings);
  auto v = run.evalFile(ws);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error->kind == ErrorKind::FileAccess);
}

TEST_CASE("eval: files over the size limit are refused") {
  Fixture f;
  f.fs->add("/ws/big.txt", std::string(1000, 'x'));
  f.settings.maxFileBytes = 100;
  CHECK(f.errorKind("builtins.readFile ./big.txt") == ErrorKind::FileAccess);
}

TEST_CASE("eval: imports are compiled once per content and shared within an evaluation") {
  Fixture f;
  f.fs->add("/ws/lib.nix", "{ n = 1; }");
  {
    Evaluation run(*f.ev, f.settings);
    auto v = run.evalExpr("[ (import ./lib.nix) (import ./lib.nix) (import /ws/./lib.nix) ]", "/ws");
    REQUIRE(v.ok());
    CHECK(*run.print(*v.value, true).value == "[ { n = 1; } «repeated» «repeated» ]");
  }
  CHECK(f.fs->readCount("/ws/lib.nix") == 1);
  CHECK(f.ev->files().compiledCount() == 1);
  {
    Evaluation run(*f.ev, f.settings);
    REQUIRE(run.evalExpr("import ./lib.nix", "/ws").ok());
  }
  CHECK(f.ev->files().compiledCount() == 1);  // same content: the cached compile
  f.fs->add("/ws/lib.nix", "{ n = 2; }");
  CHECK(f.eval("(import ./lib.nix).n") == "2");
  CHECK(f.ev->files().compiledCount() == 2);
}

TEST_CASE("eval: open documents override the disk") {
  Fixture f;
  f.fs->add("/ws/a.nix", "1");
  f.ev->setDocument("/ws/a.nix", SyntaxTree::parse("2"));
  CHECK(f.eval("import ./a.nix") == "2");
  f.ev->removeDocument("/ws/a.nix");
  CHECK(f.eval("import ./a.nix") == "1");
}

TEST_CASE("eval: errors in imported files name that file") {
  Fixture f;
  f.fs->add("/ws/bad.nix", "{\n  x = 1 + \"s\";\n}");
  Evaluation run(*f.ev, f.settings);
  auto v = run.evalExpr("(import ./bad.nix).x", "/ws");
  REQUIRE_FALSE(v.ok());
  CHECK(v.error->kind == ErrorKind::Type);
  CHECK(v.error->message == "cannot add a string to an integer");
  REQUIRE(v.error->where);
  CHECK(v.error->where->file == "/ws/bad.nix");
  CHECK(v.error->where->line == 2);
  CHECK(v.error->where->column == 11);
}

TEST_CASE("eval: tolerant evaluation works around broken parts of a file") {
  Fixture f;
  f.fs->add("/ws/m.nix", "{\n  good = 1;\n  bad = undefinedThing;\n  broken = (1 + ;\n}");
  f.fs->add("/ws/n.nix", "{\n  good = 1;\n  broken = 1 + ;\n}");
  {
    Evaluation strict(*f.ev, f.settings);
    auto v = strict.evalFile("/ws/m.nix");
    REQUIRE_FALSE(v.ok());
    CHECK(v.error->kind == ErrorKind::Syntax);
  }
  f.settings.tolerant = true;
  Evaluation run(*f.ev, f.settings);
  auto v = run.evalFile("/ws/m.nix");
  REQUIRE(v.ok());
  auto good = run.getAttr(*v.value, "good");
  REQUIRE(good.ok());
  CHECK(*run.asInt(*good.value).value == 1);
  auto bad = run.getAttr(*v.value, "bad");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error->kind == ErrorKind::UndefinedVariable);
  CHECK(bad.error->where->line == 3);
  auto other = run.evalFile("/ws/n.nix");
  REQUIRE(other.ok());
  CHECK(*run.asInt(*run.getAttr(*other.value, "good").value).value == 1);
}

TEST_CASE("eval: definition sites of attributes") {
  Fixture f;
  f.fs->add("/ws/opts.nix", "let\n  mk = name: { ${name} = 1; };\nin {\n  a = 1;\n  nested.b = 2;\n} // mk \"c\"");
  Evaluation run(*f.ev, f.settings);
  auto v = run.evalFile("/ws/opts.nix");
  REQUIRE(v.ok());
  auto a = run.definition(*v.value, "a");
  REQUIRE(a);
  CHECK(a->file == "/ws/opts.nix");
  CHECK(a->line == 4);
  CHECK(a->column == 3);
  auto nested = run.definition(*v.value, "nested");
  REQUIRE(nested);
  CHECK(nested->line == 5);
  auto c = run.definition(*v.value, "c");
  REQUIRE(c);
  CHECK(c->line == 2);
  CHECK_FALSE(run.definition(*v.value, "missing"));
}

TEST_CASE("eval: evaluating an expression in place binds the variables around it") {
  Fixture f;
  const std::string text =
      "{ lib ? { double = x: x * 2; }, pkgs }:\n"
      "let\n"
      "  base = 21;\n"
      "  helper = n: { value = lib.double n; };\n"
      "in {\n"
      "  answer = (helper base).value;\n"
      "  usesPkgs = pkgs.hello;\n"
      "  viaWith = with { w = 7; }; w * base;\n"
      "}\n";
  f.fs->add("/ws/mod.nix", text);
  Evaluation run(*f.ev, f.settings);
  auto at = [&](std::string_view needle) {
    const auto start = static_cast<ByteOffset>(text.find(needle));
    return run.evalAt("/ws/mod.nix", {start, static_cast<ByteOffset>(start + needle.size())});
  };
  auto answer = at("(helper base).value");
  REQUIRE(answer.ok());
  CHECK(*run.asInt(*answer.value).value == 42);
  auto w = at("w * base");
  REQUIRE(w.ok());
  CHECK(*run.asInt(*w.value).value == 147);
  auto pkgs = at("pkgs.hello");
  REQUIRE_FALSE(pkgs.ok());
  CHECK(pkgs.error->message.find("'pkgs' is not known here") != std::string::npos);
  auto whole = at("{\n  answer");
  REQUIRE(whole.ok());
  auto names = run.attrNames(*whole.value);
  REQUIRE(names.ok());
  CHECK(names.value->size() == 3);
}

TEST_CASE("eval: in place, an interpolated string is evaluated whole, not its first piece") {
  Fixture f;
  const std::string text = "rec {\n  version = \"1.2.0\";\n  rev = \"v${version}-x\";\n}\n";
  f.fs->add("/ws/pkg.nix", text);
  Evaluation run(*f.ev, f.settings);
  const auto start = static_cast<ByteOffset>(text.find("\"v$"));
  auto rev = run.evalAt("/ws/pkg.nix", {start, static_cast<ByteOffset>(start + 15)});
  REQUIRE(rev.ok());
  CHECK(*run.asString(*rev.value).value == "v1.2.0-x");
}

TEST_CASE("eval: fetchers give opaque placeholders, unsupported builtins name themselves") {
  Fixture f;
  const std::string p = f.eval("builtins.fetchTarball \"https://example.org/x.tar.gz\"");
  CHECK(p.rfind("\"/nix/store/", 0) == 0);
  CHECK(f.errorKind("import (builtins.fetchTarball \"https://example.org/x.tar.gz\")") == ErrorKind::FileAccess);
  CHECK(f.eval("(builtins.fetchGit { url = \"https://example.org/r\"; }).rev") ==
        "\"0000000000000000000000000000000000000000\"");
  // With a hash, the path is the one Nix would fetch to (checked against
  // Nix 2.8 with file:// URLs); present locally, it is a plain path.
  const std::string tarball =
      "builtins.fetchTarball { url = \"https://example.org/pkg.tar.gz\"; "
      "sha256 = \"0h3fmna66b6pd8d5cbhr783xs0kb8dv83sj9alcrpsqmm0iq1ql0\"; }";
  CHECK(f.eval(tarball) == "\"/nix/store/ddmxr10ygdnwq6wyap8q1f9p944a5m4p-source\"");
  CHECK(f.errorKind("import (" + tarball + ")") == ErrorKind::FileAccess);
  f.fs->add("/nix/store/ddmxr10ygdnwq6wyap8q1f9p944a5m4p-source/default.nix", "\"fetched before\"");
  f.settings.allowedRoots.push_back("/nix/store/ddmxr10ygdnwq6wyap8q1f9p944a5m4p-source");
  CHECK(f.eval("import (" + tarball + ")") == "\"fetched before\"");
  CHECK(f.eval("builtins.fetchurl { url = \"https://example.org/file.txt\"; "
               "sha256 = \"00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq\"; }") ==
        "\"/nix/store/z1rahp9fy11h8yvihxhgj8vr2pb6db1a-file.txt\"");
  const std::string t = f.eval("builtins.scopedImport { } ./a.nix");
  CHECK(t.find("error[unsupported-builtin]") == 0);
  CHECK(t.find("scopedImport") != std::string::npos);
  CHECK(f.eval("builtins ? scopedImport") == "true");
}

TEST_CASE("eval: trace goes to the configured sink") {
  Fixture f;
  std::vector<std::string> lines;
  f.settings.trace = [&](std::string_view s) { lines.emplace_back(s); };
  CHECK(f.eval("builtins.trace \"hello\" (builtins.trace { a = 1; } 2)") == "2");
  CHECK(lines == std::vector<std::string>{"hello", "{ a = 1; }"});
}

}  // namespace
}  // namespace fw::eval

namespace fw::eval {
namespace {

TEST_CASE("eval: evaluations on several threads share one Evaluator") {
  auto fs = std::make_shared<MemoryFileSystem>();
  for (int i = 0; i < 20; ++i) {
    fs->add("/ws/f" + std::to_string(i) + ".nix",
            "{ n ? " + std::to_string(i) + " }: { value = n * 2; name = \"f" + std::to_string(i) + "\"; }");
  }
  fs->add("/ws/main.nix",
          "builtins.foldl' (s: i: s + (import (/ws + \"/f${toString i}.nix\") { }).value) 0 "
          "(builtins.genList (i: i) 20)");
  Evaluator ev(fs);
  EvalSettings settings;
  settings.allowedRoots = {"/ws"};
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 5; ++k) {
        Evaluation run(ev, settings);
        auto v = run.evalFile("/ws/main.nix");
        auto dyn = run.evalExpr("builtins.listToAttrs [ { name = \"t" + std::to_string(t) + "k" + std::to_string(k) +
                                    "\"; value = 1; } ]",
                                "/ws");
        if (v.ok() && *run.asInt(*v.value).value == 380 && dyn.ok() &&
            run.attrNames(*dyn.value).value->front() == "t" + std::to_string(t) + "k" + std::to_string(k)) {
          ++good;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  CHECK(good == 20);
  CHECK(ev.files().compiledCount() == 21);
}

TEST_CASE("eval: evalAt reaches a function under a dotted name inside a function") {
  Fixture f;
  const std::string text =
      "{\n  outputs = { self }: {\n    nixosModules.default = { lib, ... }: { x = 1; };\n"
      "    nixosModules.more = { imports = [ ]; };\n  };\n}\n";
  f.fs->add("/ws/flake.nix", text);
  Evaluation run(*f.ev, f.settings);
  auto at = [&](std::string_view needle, std::size_t length) {
    const auto start = static_cast<ByteOffset>(text.find(needle));
    return run.evalAt("/ws/flake.nix", {start, static_cast<ByteOffset>(start + length)});
  };
  auto fn = at("{ lib, ... }: { x = 1; }", 24);
  REQUIRE(fn.ok());
  auto shown = run.print(*fn.value, false);
  CHECK(*shown.value == "<LAMBDA>");
  auto set = at("{ imports = [ ]; }", 18);
  REQUIRE(set.ok());
  auto names = run.attrNames(*set.value);
  REQUIRE(names.ok());
  REQUIRE(names.value->size() == 1);
  CHECK((*names.value)[0] == "imports");
}

}  // namespace
}  // namespace fw::eval

TEST_CASE("eval: a large-stack run inside another runs in place, not on one more thread") {
  std::thread::id outer, inner;
  fw::eval::runOnLargeStack(std::size_t{8} << 20, [&] {
    outer = std::this_thread::get_id();
    fw::eval::runOnLargeStack(std::size_t{8} << 20, [&] { inner = std::this_thread::get_id(); });
  });
  CHECK(outer != std::this_thread::get_id());
  CHECK(inner == outer);
  // A larger stack than the current one still gets its own thread.
  std::thread::id middle, bigger;
  fw::eval::runOnLargeStack(std::size_t{8} << 20, [&] {
    middle = std::this_thread::get_id();
    fw::eval::runOnLargeStack(std::size_t{16} << 20, [&] { bigger = std::this_thread::get_id(); });
  });
  CHECK(bigger != middle);
}
