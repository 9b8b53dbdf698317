#pragma once
// Code actions: quick fixes for flakewise's own diagnostics and small
// refactors at the cursor. Each is a list of text edits on the file.
//
// Quick fixes: remove an unused let binding, inherited name, formal or
// `args@`; remove an unused `with` or an unneeded `rec`; add an undefined
// name to the formals of the enclosing function.
//
// Refactors, offered only where the meaning stays the same:
// `a = a;` <-> `inherit a;` and `inherit (x) a;` -> `a = x.a;` (in plain
// sets: in let and rec sets `inherit a` reads the scope outside, `a = a`
// the binding itself); flatten `a = { b = 1; };` <-> pack `a.b = 1;`;
// quote / unquote attribute names; double-quoted <-> indented strings when
// no character needs escaping differently.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/navigation.h"

namespace fw {

enum class CodeActionKind { QuickFix, RefactorRewrite };

struct CodeAction {
  std::string title;
  CodeActionKind kind = CodeActionKind::QuickFix;
  std::vector<TextEdit> edits;           // sorted, not overlapping
  std::optional<Diagnostic> diagnostic;  // what a quick fix resolves
  bool preferred = false;                // the obvious fix for its diagnostic
  // Every program that evaluated before evaluates to the same value after.
  // False only for removing a formal from a function without `...`: a
  // caller that passes it then fails.
  bool preservesValue = true;
};

// Actions for `range` (a cursor is an empty range). `diagnostics` are the
// file's diagnostics as published (the ones overlapping the range get
// quick fixes); they must come from the same version as `analysis`.
[[nodiscard]] std::vector<CodeAction> codeActions(const FileAnalysis& analysis, ByteRange range,
                                                  std::span<const Diagnostic> diagnostics);

}  // namespace fw
