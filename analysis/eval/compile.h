#pragma once
// Lowers a tree-sitter tree into Exprs (expr.h): resolves variables to
// environment slots, merges nested attribute paths (`a.b = 1; a.c = 2;`),
// unescapes strings and strips indented strings the way Nix's parser does.
// Nothing here evaluates.
//
// Problems Nix reports before evaluating (syntax errors, undefined
// variables, duplicate attributes or formals, dynamic attributes in let)
// are collected in SourceFile::problems and compiled into ExprError nodes,
// so a tolerant evaluation can still evaluate the rest of the file.

#include <optional>
#include <string>

#include "analysis/eval/runtime.h"
#include "analysis/eval/source.h"

namespace fw::eval {

struct CompileOptions {
  std::string path;  // "«string»" for expressions
  std::string dir;   // base of relative paths (absolute)
  std::string home;  // for ~/ paths; empty: ~ paths are errors
};

// Compiles the whole file. Recursion is bounded by the thread's stack
// (stack_guard.h): nesting deeper than the stack allows compiles into an
// error node instead of crashing.
[[nodiscard]] std::shared_ptr<SourceFile> compile(Runtime& rt, SyntaxTreePtr tree,
                                                  const CompileOptions& options);

// Nix's canonical form of an absolute path: no `.`, `..`, `//` or trailing `/`.
[[nodiscard]] std::string canonicalPath(std::string_view path);

}  // namespace fw::eval
