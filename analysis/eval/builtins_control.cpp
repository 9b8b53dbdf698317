// Control builtins: errors (throw, abort, tryEval, addErrorContext),
// forcing (seq, deepSeq), trace, getEnv, import.

#include "analysis/eval/builtins_util.h"
#include "analysis/eval/print.h"

namespace fw::eval {

namespace {

FW_PRIM(throwPrim) {
  st.fail(ErrorKind::Throw, st.coerceToString(args[0], site, false, false), site);
  (void)out;
}

FW_PRIM(abortPrim) {
  st.fail(ErrorKind::Abort,
          "evaluation aborted with the following error message: '" +
              st.coerceToString(args[0], site, false, false) + "'",
          site);
  (void)out;
}

FW_PRIM(tryEval) {
  try {
    st.force(args[0]);
    out = st.makeAttrs({{st.sym.success, Value::boolean(true)}, {st.sym.value, args[0]}});
  } catch (EvalError& e) {
    if (!e.catchable()) throw;
    out = st.makeAttrs({{st.sym.success, Value::boolean(false)}, {st.sym.value, Value::boolean(false)}});
  }
}

FW_PRIM(seq) {
  st.force(args[0]);
  st.force(args[1]);
  out = args[1];
  (void)site;
}

FW_PRIM(deepSeq) {
  st.forceDeep(args[0]);
  st.force(args[1]);
  out = args[1];
  (void)site;
}

FW_PRIM(trace) {
  st.force(args[0]);
  std::string msg = args[0].type == Type::String ? std::string(args[0].str())
                                                  : printValue(st, args[0], false);
  if (st.settings.trace) st.settings.trace(msg);
  st.force(args[1]);
  out = args[1];
  (void)site;
}

FW_PRIM(addErrorContext) {
  try {
    st.force(args[1]);
    out = args[1];
  } catch (EvalError& e) {
    Value msg = args[0];
    st.force(msg);
    if (msg.type == Type::String) e.addFrame(std::string(msg.str()), site ? site->file : nullptr,
                                             site ? site->range : ByteRange{});
    throw;
  }
}

// The evaluator sees no environment: every variable is empty.
FW_PRIM(getEnv) {
  (void)st.forceString(args[0], site);
  out = st.newString("");
}

FW_PRIM(importPrim) {
  st.force(args[0]);
  if (args[0].flags & kOpaque) {
    st.fail(ErrorKind::FileAccess,
            "cannot import '" + std::string(args[0].str()) +
                "': it comes from a fetcher, which flakewise does not run",
            site);
  }
  const std::string path = st.coerceToPath(args[0], site);
  st.importFile(path, out, site);
}

}  // namespace

void addControlBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"throw", 1, throwPrim});
  v.push_back({"abort", 1, abortPrim});
  v.push_back({"tryEval", 1, tryEval});
  v.push_back({"seq", 2, seq});
  v.push_back({"deepSeq", 2, deepSeq});
  v.push_back({"trace", 2, trace});
  v.push_back({"addErrorContext", 2, addErrorContext});
  v.push_back({"getEnv", 1, getEnv});
  v.push_back({"import", 1, importPrim});
}

}  // namespace fw::eval
