// Type predicates, typeOf, functionArgs.

#include "analysis/eval/builtins_util.h"

namespace fw::eval {

namespace {

FW_PRIM(isAttrs) { st.force(args[0]); out = Value::boolean(args[0].type == Type::Attrs); (void)site; }
FW_PRIM(isBool) { st.force(args[0]); out = Value::boolean(args[0].type == Type::Bool); (void)site; }
FW_PRIM(isFloat) { st.force(args[0]); out = Value::boolean(args[0].type == Type::Float); (void)site; }
FW_PRIM(isInt) { st.force(args[0]); out = Value::boolean(args[0].type == Type::Int); (void)site; }
FW_PRIM(isList) { st.force(args[0]); out = Value::boolean(args[0].type == Type::List); (void)site; }
FW_PRIM(isNull) { st.force(args[0]); out = Value::boolean(args[0].type == Type::Null); (void)site; }
FW_PRIM(isPath) { st.force(args[0]); out = Value::boolean(args[0].type == Type::Path); (void)site; }
FW_PRIM(isString) { st.force(args[0]); out = Value::boolean(args[0].type == Type::String); (void)site; }
FW_PRIM(isFunction) {
  st.force(args[0]);
  out = Value::boolean(args[0].isFunction());
  (void)site;
}
FW_PRIM(typeOf) {
  st.force(args[0]);
  out = st.newString(typeOfName(args[0].type));
  (void)site;
}

FW_PRIM(functionArgs) {
  st.force(args[0]);
  if (args[0].type == Type::PrimOp || args[0].type == Type::PrimOpApp) {
    out = st.emptyAttrs();
    return;
  }
  if (args[0].type != Type::Lambda) st.typeError(args[0], "a function", site);
  const ExprLambda* fn = args[0].lambda->fn;
  if (!fn->hasFormals) {
    out = st.emptyAttrs();
    return;
  }
  Attrs* a = st.newAttrs(fn->nFormals);
  for (std::uint32_t i = 0; i < fn->nFormals; ++i) {
    a->entries[a->size++] = {fn->formals[i].name, fn->formals[i].pos,
                             Value::boolean(fn->formals[i].fallback != nullptr)};
  }
  out = Value::ofAttrs(a);  // formals are sorted by name already
}

}  // namespace

void addTypeBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"isAttrs", 1, isAttrs});
  v.push_back({"isBool", 1, isBool});
  v.push_back({"isFloat", 1, isFloat});
  v.push_back({"isFunction", 1, isFunction});
  v.push_back({"isInt", 1, isInt});
  v.push_back({"isList", 1, isList});
  v.push_back({"isNull", 1, isNull});
  v.push_back({"isPath", 1, isPath});
  v.push_back({"isString", 1, isString});
  v.push_back({"typeOf", 1, typeOf});
  v.push_back({"functionArgs", 1, functionArgs});
}

}  // namespace fw::eval
