// Attribute sets: building them from ExprAttrs (rec, inherit, dynamic
// names), let environments, selection, `?` and `//`.

#include <algorithm>
#include <cstring>

#include "analysis/eval/state.h"

namespace fw::eval {

Symbol EvalState::attrName(const AttrName& n, Env* env, const Expr* site) {
  if (!n.dynamic) return n.name;
  Value v;
  eval(n.dynamic, env, v);
  if (v.type == Type::Null) return kNoSymbol;
  if (v.type != Type::String) typeError(v, "a string", n.dynamic ? n.dynamic : site);
  return rt.symbols.intern(v.str());
}

void EvalState::evalSelect(const ExprSelect* s, Env* env, Value& out) {
  Value v;
  eval(s->subject, env, v);
  for (std::uint32_t i = 0; i < s->count; ++i) {
    const AttrName& n = s->path[i];
    Symbol name;
    if (n.dynamic) {
      Value nv;
      eval(n.dynamic, env, nv);
      if (nv.type != Type::String) typeError(nv, "a string", n.dynamic);
      name = rt.symbols.intern(nv.str());
    } else {
      name = n.name;
    }
    if (v.type != Type::Attrs) {
      if (s->fallback) {
        eval(s->fallback, env, out);
        return;
      }
      typeError(v, "a set", s);
    }
    Attr* a = v.attrs->find(name);
    if (!a && missingAttr(v.attrs, name, v, s)) continue;
    if (!a) {
      if (s->fallback) {
        eval(s->fallback, env, out);
        return;
      }
      fail(ErrorKind::MissingAttribute,
           "attribute '" + std::string(rt.symbols.name(name)) + "' missing", s);
    }
    if (a->value.type == Type::Thunk) {
      try {
        force(a->value);
      } catch (EvalError& e) {
        if (e.wantsFrames()) {
          e.addFrame("while evaluating the attribute '" + std::string(rt.symbols.name(name)) + "'", s->file,
                     s->range);
        }
        throw;
      }
    }
    v = a->value;
  }
  out = v;
}

bool EvalState::missingAttr(Attrs* a, Symbol name, Value& out, const Expr* site) {
  Attr* hook = a->find(sym.missingAttr);
  if (!hook) return false;
  out = call1(hook->value, newString(rt.symbols.name(name)), site);
  force(out);
  return true;
}

bool EvalState::evalHasAttr(const ExprHasAttr* h, Env* env) {
  Value v;
  eval(h->subject, env, v);
  for (std::uint32_t i = 0; i < h->count; ++i) {
    const AttrName& n = h->path[i];
    Symbol name;
    if (n.dynamic) {
      Value nv;
      eval(n.dynamic, env, nv);
      if (nv.type != Type::String) typeError(nv, "a string", n.dynamic);
      name = rt.symbols.intern(nv.str());
    } else {
      name = n.name;
    }
    force(v);
    if (v.type != Type::Attrs) return false;
    Attr* a = v.attrs->find(name);
    if (!a) {
      if (!isOpen(v.attrs)) return false;
      if (i + 1 == h->count) return true;
      (void)missingAttr(v.attrs, name, v, h);
      continue;
    }
    // The last attribute is not forced: `?` only asks whether it exists.
    v = a->value;
  }
  return true;
}

// Fills the slots of a rec/let env: statics first (same order), then the
// `inherit (e)` sources. Inner values are thunks: a variable shortcut could
// read a slot that is not filled yet.
static void fillRecEnv(EvalState& st, const ExprAttrs* a, Env* inner, Env* outer) {
  for (std::uint32_t i = 0; i < a->nSources; ++i) {
    inner->slots[a->nStatic + i] =
        a->sources[i]->kind == ExprKind::Const ? st.lazy(a->sources[i], inner)
                                              : Value::ofThunk(st.newThunk(a->sources[i], inner));
  }
  for (std::uint32_t i = 0; i < a->nStatic; ++i) {
    const StaticBinding& b = a->statics[i];
    if (b.env == BindingEnv::Outer) {
      inner->slots[i] = st.lazy(b.value, outer);
    } else if (b.value->kind == ExprKind::Const) {
      inner->slots[i] = static_cast<const ExprConst*>(b.value)->value;
    } else if (b.value->kind == ExprKind::Var &&
               (static_cast<const ExprVar*>(b.value)->level > 0 ||
                static_cast<const ExprVar*>(b.value)->slot < i)) {
      // A variable whose slot is filled already is shared, as Nix does.
      inner->slots[i] = st.lazy(b.value, inner);
    } else {
      inner->slots[i] = Value::ofThunk(st.newThunk(b.value, inner));
    }
  }
}

Env* EvalState::letEnv(const ExprAttrs* a, Env* env) {
  Env* inner = newEnv(env, a->nStatic + a->nSources);
  fillRecEnv(*this, a, inner, env);
  return inner;
}

Value EvalState::evalAttrs(const ExprAttrs* a, Env* env) {
  if (a->nStatic == 0 && a->nDynamic == 0) return emptyAttrs();
  Env* inner = nullptr;
  Attrs* set = newAttrs(a->nStatic + a->nDynamic);
  if (a->rec()) {
    inner = newEnv(env, a->nStatic + a->nSources);
    fillRecEnv(*this, a, inner, env);
    for (std::uint32_t i = 0; i < a->nStatic; ++i) {
      set->entries[i] = {a->statics[i].name, a->statics[i].pos, inner->slots[i]};
    }
  } else {
    if (a->nSources > 0) {
      inner = newEnv(env, a->nSources);
      for (std::uint32_t i = 0; i < a->nSources; ++i) inner->slots[i] = lazy(a->sources[i], env);
    }
    for (std::uint32_t i = 0; i < a->nStatic; ++i) {
      const StaticBinding& b = a->statics[i];
      set->entries[i] = {b.name, b.pos, lazy(b.value, b.env == BindingEnv::Inner ? inner : env)};
    }
  }
  set->size = a->nStatic;
  if (a->nDynamic > 0) {
    Env* valueEnv = a->rec() ? inner : env;
    for (std::uint32_t i = 0; i < a->nDynamic; ++i) {
      const DynamicBinding& d = a->dynamics[i];
      Value nv;
      eval(d.name, valueEnv, nv);
      if (nv.type == Type::Null) continue;
      if (nv.type != Type::String) typeError(nv, "a string", d.name);
      const Symbol name = rt.symbols.intern(nv.str());
      // Statics are sorted; dynamics added so far are after them.
      bool dup = false;
      for (std::uint32_t k = 0; k < set->size && !dup; ++k) dup = set->entries[k].name == name;
      if (dup) {
        fail(ErrorKind::DuplicateAttribute,
             "dynamic attribute '" + std::string(rt.symbols.name(name)) + "' already defined", d.name);
      }
      set->entries[set->size++] = {name, d.pos, lazy(d.value, valueEnv)};
    }
    std::sort(set->entries, set->entries + set->size,
              [](const Attr& x, const Attr& y) { return x.name < y.name; });
  }
  return Value::ofAttrs(set);
}

Value EvalState::update(Value& a, Value& b, const Expr* site) {
  Attrs* l = forceAttrs(a, site);
  Attrs* r = forceAttrs(b, site);
  if (r->size == 0) return a;
  if (l->size == 0) return b;
  Attrs* out = newAttrs(l->size + r->size);
  std::uint32_t i = 0, j = 0, k = 0;
  while (i < l->size && j < r->size) {
    if (l->entries[i].name < r->entries[j].name) {
      out->entries[k++] = l->entries[i++];
    } else if (r->entries[j].name < l->entries[i].name) {
      out->entries[k++] = r->entries[j++];
    } else {
      out->entries[k++] = r->entries[j++];
      ++i;
    }
  }
  while (i < l->size) out->entries[k++] = l->entries[i++];
  while (j < r->size) out->entries[k++] = r->entries[j++];
  out->size = k;
  return Value::ofAttrs(out);
}

Symbol EvalState::finishAttrs(Attrs* a) {
  std::sort(a->entries, a->entries + a->size,
            [](const Attr& x, const Attr& y) { return x.name < y.name; });
  for (std::uint32_t i = 1; i < a->size; ++i) {
    if (a->entries[i].name == a->entries[i - 1].name) return a->entries[i].name;
  }
  return kNoSymbol;
}

Value EvalState::makeAttrs(std::vector<std::pair<Symbol, Value>> entries) {
  if (entries.empty()) return emptyAttrs();
  Attrs* a = newAttrs(static_cast<std::uint32_t>(entries.size()));
  for (auto& [name, value] : entries) a->entries[a->size++] = {name, 0, value};
  (void)finishAttrs(a);
  return Value::ofAttrs(a);
}

}  // namespace fw::eval
