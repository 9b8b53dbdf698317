// `flakewise eval` through the real binary: printing like
// nix-instantiate --eval, JSON, the search path, auto-called functions,
// errors with locations and exit codes, the sandbox.

#include <doctest/doctest.h>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {
RunResult evalCli(const std::vector<std::string>& args) {
  std::vector<std::string> argv{flakewiseBinary(), "eval"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}
}  // namespace

TEST_CASE("eval --expr prints values like nix-instantiate --eval") {
  RunResult r = evalCli({"--expr", "1 + 2"});
  CHECK(r.code == 0);
  CHECK(r.out == "3\n");
  CHECK(r.err.empty());

  r = evalCli({"--strict", "--expr", "{ b = \"x\\n\"; a = [ 1 2.5 null true ]; f = x: x; p = builtins.add; }"});
  CHECK(r.code == 0);
  CHECK(r.out == "{ a = [ 1 2.5 null true ]; b = \"x\\n\"; f = <LAMBDA>; p = <PRIMOP>; }\n");

  // Without --strict, what was not evaluated prints as <CODE>.
  r = evalCli({"--expr", "{ a = 1 + 1; b = 2; c = [ 3 ]; }"});
  CHECK(r.out == "{ a = <CODE>; b = 2; c = <CODE>; }\n");

  r = evalCli({"--strict", "-E", "let x = { a = 1; }; in [ x x ]"});
  CHECK(r.out == "[ { a = 1; } «repeated» ]\n");

  r = evalCli({"--strict", "--expr", "[ 0.1 1.0e10 123456789.0 (1 / 3.0) ]"});
  CHECK(r.out == "[ 0.1 1e+10 1.23457e+08 0.333333 ]\n");
}

TEST_CASE("eval --json writes JSON without a trailing newline") {
  RunResult r = evalCli({"--strict", "--json", "--expr", "{ b = [ 1 \"s\" ]; a = null; }"});
  CHECK(r.code == 0);
  CHECK(r.out == "{\"a\":null,\"b\":[1,\"s\"]}");
  r = evalCli({"--json", "--expr", "x: x"});
  CHECK(r.code == 1);
  CHECK(r.err.find("error: cannot convert a function to JSON") == 0);
}

TEST_CASE("eval FILE with imports, -I and auto-called functions") {
  TempDir d;
  d.write("lib/default.nix", "{ double = x: x * 2; }\n");
  const std::string main = d.write("main.nix", "let lib = import <mylib>; in lib.double 21\n");
  RunResult r = evalCli({"-I", "mylib=" + d.path() + "/lib", main});
  CHECK(r.code == 0);
  CHECK(r.out == "42\n");

  r = evalCli({"-I" + d.path(), "--expr", "(import <lib>).double 4"});
  CHECK(r.out == "8\n");

  const std::string fn = d.write("fn.nix", "{ a ? 1, b }: a + b\n");
  r = evalCli({fn});
  CHECK(r.out == "<LAMBDA>\n");
  r = evalCli({"--arg", "b", "10", fn});
  CHECK(r.out == "11\n");
  r = evalCli({"--argstr", "b", "x", "--expr", "{ b }: b + \"!\""});
  CHECK(r.out == "\"x!\"\n");
}

TEST_CASE("eval -A selects attribute paths like nix-instantiate") {
  RunResult r = evalCli({"--expr", "{ a.b = [ 1 { c = 2; } ]; }", "-A", "a.b.1.c"});
  CHECK(r.code == 0);
  CHECK(r.out == "2\n");
  r = evalCli({"--strict", "--expr", "{ a.b = [ 1 { c = 2; } ]; }", "-A", "a.b", "-A", "a"});
  CHECK(r.out == "[ 1 { c = 2; } ]\n{ b = [ 1 { c = 2; } ]; }\n");
  r = evalCli({"--expr", "{ a.b = 1; }", "-A", "a.x"});
  CHECK(r.code == 1);
  CHECK(r.err.find("error: attribute 'x' in selection path 'a.x' not found") == 0);
  r = evalCli({"--expr", "[ 1 ]", "-A", "3"});
  CHECK(r.err.find("error: list index 3 in selection path '3' is out of range") == 0);
  r = evalCli({"--expr", "{ x = 1; }", "-A", "x.y"});
  CHECK(r.err.find("error: the expression selected by the selection path 'x.y' should be a set but is an integer") == 0);
  r = evalCli({"--argstr", "n", "v", "--expr", "{ n }: { out = n; }", "-A", "out"});
  CHECK(r.out == "\"v\"\n");
}

TEST_CASE("eval errors go to stderr with file:line:col and exit 1") {
  TempDir d;
  const std::string f = d.write("bad.nix", "rec {\n  a = 1;\n  b = a + \"x\";\n}\n");
  RunResult r = evalCli({"--strict", f});
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err.find("error: cannot add a string to an integer\n\n       at " + f + ":3:11:\n") == 0);
  CHECK(r.err.find("            3|   b = a + \"x\";\n") != std::string::npos);
  CHECK(r.err.find("             |           ^\n            4| }\n") != std::string::npos);

  r = evalCli({"--expr", "throw \"boom\""});
  CHECK(r.code == 1);
  CHECK(r.err.find("error: boom\n") == 0);

  r = evalCli({"--expr", "let x = x; in x"});
  CHECK(r.err.find("error: infinite recursion encountered\n\n       at «string»:1:9:") == 0);

  r = evalCli({"--expr", "{ a = 1"});
  CHECK(r.code == 1);
  CHECK(r.err.find("error: ") == 0);

  r = evalCli({"--expr", "let f = n: f (n + 1); in f 0"});
  CHECK(r.code == 1);
  CHECK(r.err.find("error: evaluation limit reached") == 0);

  r = evalCli({"--max-steps", "1000", "--expr", "builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 100000)"});
  CHECK(r.code == 1);
  CHECK(r.err.find("error: evaluation limit reached: more than 1000 steps") == 0);
}

TEST_CASE("eval --show-trace prints what was being evaluated") {
  TempDir d;
  const std::string f = d.write("t.nix", "let\n  f = x: x.missing;\nin { a = { b = f { }; }; }.a.b\n");
  RunResult r = evalCli({f});
  CHECK(r.code == 1);
  CHECK(r.err.find("error: attribute 'missing' missing") == 0);
  CHECK(r.err.find("(use '--show-trace' to show detailed location information)") != std::string::npos);
  r = evalCli({"--show-trace", f});
  CHECK(r.err.find("… while evaluating the attribute 'b'") != std::string::npos);
  CHECK(r.err.find("… while evaluating the file '" + f + "'") != std::string::npos);
}

TEST_CASE("eval refuses to read outside the allowed directories") {
  TempDir ws, outside;
  const std::string secret = outside.write("secret.txt", "secret\n");
  const std::string f = ws.write("read.nix", "builtins.readFile " + secret + "\n");
  RunResult r = evalCli({f});
  CHECK(r.code == 1);
  CHECK(r.err.find("error: access to path '" + secret + "' is forbidden") == 0);
  r = evalCli({"--allow", outside.path(), f});
  CHECK(r.code == 0);
  CHECK(r.out == "\"secret\\n\"\n");
}

TEST_CASE("eval prints traces on stderr and rejects bad usage with exit 2") {
  RunResult r = evalCli({"--expr", "builtins.trace \"hi\" 1"});
  CHECK(r.code == 0);
  CHECK(r.out == "1\n");
  CHECK(r.err == "trace: hi\n");
  CHECK(evalCli({}).code == 2);
  CHECK(evalCli({"--bogus"}).code == 2);
  CHECK(evalCli({"a.nix", "--expr", "1"}).code == 2);
  r = evalCli({"--help"});
  CHECK(r.code == 0);
  CHECK(r.out.find("usage: flakewise eval") == 0);
}
