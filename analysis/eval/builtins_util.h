#pragma once
// Shared helpers of the builtin files.

#include "analysis/eval/state.h"
#include "parser/unicode_escape.h"

#define FW_PRIM(fn)                                                                    \
  static void fn([[maybe_unused]] EvalState& st, [[maybe_unused]] Value* args, \
                 [[maybe_unused]] Value& out, [[maybe_unused]] const Expr* site)

namespace fw::eval {

// Calls a Nix function with one or two arguments.
inline Value apply1(EvalState& st, Value f, Value a, const Expr* site) {
  Value out;
  st.call(f, &a, 1, out, site);
  return out;
}
inline Value apply2(EvalState& st, Value f, Value a, Value b, const Expr* site) {
  Value args[2] = {a, b};
  Value out;
  st.call(f, args, 2, out, site);
  return out;
}

}  // namespace fw::eval
