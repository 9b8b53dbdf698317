// Arithmetic, bit operations, rounding and ordering builtins.

#include <cmath>
#include <limits>

#include "analysis/eval/builtins_util.h"

namespace fw::eval {

namespace {

FW_PRIM(add) { out = st.arith('+', args[0], args[1], site); }
FW_PRIM(sub) { out = st.arith('-', args[0], args[1], site); }
FW_PRIM(mul) { out = st.arith('*', args[0], args[1], site); }
FW_PRIM(div) { out = st.arith('/', args[0], args[1], site); }
FW_PRIM(lessThan) { out = Value::boolean(st.lessThan(args[0], args[1], site)); }
FW_PRIM(bitAnd) { out = Value::integer(st.forceInt(args[0], site) & st.forceInt(args[1], site)); }
FW_PRIM(bitOr) { out = Value::integer(st.forceInt(args[0], site) | st.forceInt(args[1], site)); }
FW_PRIM(bitXor) { out = Value::integer(st.forceInt(args[0], site) ^ st.forceInt(args[1], site)); }

// Nix converts the rounded double to an integer (out-of-range values are
// undefined in C++; saturate instead).
Value toInt(double d) {
  if (std::isnan(d)) return Value::integer(std::numeric_limits<std::int64_t>::min());
  if (d >= 9.2233720368547758e18) return Value::integer(std::numeric_limits<std::int64_t>::min());
  if (d < -9.2233720368547758e18) return Value::integer(std::numeric_limits<std::int64_t>::min());
  return Value::integer(static_cast<std::int64_t>(d));
}

FW_PRIM(ceil) { out = toInt(std::ceil(st.forceFloat(args[0], site))); }
FW_PRIM(floor) { out = toInt(std::floor(st.forceFloat(args[0], site))); }

}  // namespace

void addArithBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"add", 2, add});
  v.push_back({"sub", 2, sub});
  v.push_back({"mul", 2, mul});
  v.push_back({"div", 2, div});
  v.push_back({"lessThan", 2, lessThan});
  v.push_back({"bitAnd", 2, bitAnd});
  v.push_back({"bitOr", 2, bitOr});
  v.push_back({"bitXor", 2, bitXor});
  v.push_back({"ceil", 1, ceil});
  v.push_back({"floor", 1, floor});
}

}  // namespace fw::eval
