#pragma once
// Shared helpers of the builtin files.

#include "analysis/eval/state.h"

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

// Appends code point `cp` as UTF-8 (JSON and TOML unescaping).
inline void appendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

}  // namespace fw::eval
