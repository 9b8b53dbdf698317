#pragma once
// Values as text: nix-instantiate's printing (`{ a = 1; }`, `[ 1 2 ]`,
// `<LAMBDA>`, `<CODE>` for unevaluated values, `«repeated»`) and JSON as
// `builtins.toJSON` and `--json` write it.

#include <string>

#include "analysis/eval/state.h"

namespace fw::eval {

// Floats as Nix prints them (C++ stream defaults: 6 significant digits).
[[nodiscard]] std::string formatFloat(double f);

// Prints `v` as nix-instantiate --eval does. With `strict`, forces
// everything first (errors propagate); otherwise unevaluated parts print as
// <CODE>.
[[nodiscard]] std::string printValue(EvalState& st, Value& v, bool strict);

// JSON text of `v`. `strict` forces nested values (toJSON, --strict);
// without it a nested unevaluated value is an error, as in Nix.
void printJson(EvalState& st, Value& v, bool strict, const Expr* site, std::string& out);

}  // namespace fw::eval
