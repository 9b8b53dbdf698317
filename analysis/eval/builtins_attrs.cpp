// Attribute set builtins.

#include <algorithm>
#include <map>
#include <unordered_set>

#include "analysis/eval/builtins_util.h"

namespace fw::eval {

namespace {

std::vector<const Attr*> sortedByName(EvalState& st, const Attrs* a) {
  std::vector<const Attr*> out;
  out.reserve(a->size);
  for (const Attr& e : *a) out.push_back(&e);
  std::sort(out.begin(), out.end(), [&](const Attr* x, const Attr* y) {
    return st.rt.symbols.name(x->name) < st.rt.symbols.name(y->name);
  });
  return out;
}

FW_PRIM(attrNames) {
  Attrs* a = st.forceAttrs(args[0], site);
  List* l = st.newList(a->size);
  std::uint32_t i = 0;
  for (const Attr* e : sortedByName(st, a)) {
    const std::string_view n = st.rt.symbols.name(e->name);
    l->elems[i++] = Value::string(n);  // symbol text is stable and NUL-terminated
  }
  out = Value::ofList(l);
}

FW_PRIM(attrValues) {
  Attrs* a = st.forceAttrs(args[0], site);
  List* l = st.newList(a->size);
  std::uint32_t i = 0;
  for (const Attr* e : sortedByName(st, a)) l->elems[i++] = e->value;
  out = Value::ofList(l);
}

FW_PRIM(getAttr) {
  const Symbol name = st.rt.symbols.intern(st.forceString(args[0], site));
  Attrs* a = st.forceAttrs(args[1], site);
  Attr* e = a->find(name);
  if (!e && st.missingAttr(a, name, out, site)) return;
  if (!e) {
    st.fail(ErrorKind::MissingAttribute,
            "attribute '" + std::string(st.rt.symbols.name(name)) + "' missing for call to 'getAttr'", site);
  }
  st.force(e->value);
  out = e->value;
}

FW_PRIM(hasAttr) {
  const Symbol name = st.rt.symbols.intern(st.forceString(args[0], site));
  const Attrs* a = st.forceAttrs(args[1], site);
  out = Value::boolean(a->find(name) != nullptr || st.isOpen(a));
}

FW_PRIM(removeAttrs) {
  Attrs* a = st.forceAttrs(args[0], site);
  List* names = st.forceList(args[1], site);
  std::unordered_set<Symbol> drop;
  for (Value& n : *names) drop.insert(st.rt.symbols.intern(st.forceString(n, site)));
  Attrs* r = st.newAttrs(a->size);
  for (const Attr& e : *a) {
    if (!drop.count(e.name)) r->entries[r->size++] = e;
  }
  out = Value::ofAttrs(r);
}

FW_PRIM(intersectAttrs) {
  Attrs* a = st.forceAttrs(args[0], site);
  Attrs* b = st.forceAttrs(args[1], site);
  Attrs* r = st.newAttrs(std::min(a->size, b->size));
  for (const Attr& e : *b) {
    if (a->find(e.name)) r->entries[r->size++] = e;
  }
  out = Value::ofAttrs(r);
}

FW_PRIM(catAttrs) {
  const Symbol name = st.rt.symbols.intern(st.forceString(args[0], site));
  List* l = st.forceList(args[1], site);
  std::vector<Value> vals;
  for (Value& e : *l) {
    if (Attr* a = st.forceAttrs(e, site)->find(name)) vals.push_back(a->value);
  }
  List* r = st.newList(static_cast<std::uint32_t>(vals.size()));
  std::copy(vals.begin(), vals.end(), r->elems);
  out = Value::ofList(r);
}

FW_PRIM(listToAttrs) {
  List* l = st.forceList(args[0], site);
  Attrs* r = st.newAttrs(l->size);
  std::unordered_set<Symbol> seen;
  for (Value& e : *l) {
    Attrs* a = st.forceAttrs(e, site);
    Attr* n = a->find(st.sym.name);
    if (!n) st.fail(ErrorKind::MissingAttribute, "attribute 'name' missing for call to 'listToAttrs'", site);
    const Symbol name = st.rt.symbols.intern(st.forceString(n->value, site));
    if (!seen.insert(name).second) continue;  // the first definition wins
    Attr* v = a->find(st.sym.value);
    if (!v) st.fail(ErrorKind::MissingAttribute, "attribute 'value' missing for call to 'listToAttrs'", site);
    r->entries[r->size++] = {name, v->pos ? v->pos : 0, v->value};
  }
  (void)st.finishAttrs(r);
  out = Value::ofAttrs(r);
}

FW_PRIM(mapAttrs) {
  Attrs* a = st.forceAttrs(args[1], site);
  Attrs* r = st.newAttrs(a->size);
  for (const Attr& e : *a) {
    const std::string_view name = st.rt.symbols.name(e.name);
    r->entries[r->size++] = {e.name, e.pos, st.lazyApply2(args[0], Value::string(name), e.value)};
  }
  out = Value::ofAttrs(r);
}

FW_PRIM(zipAttrsWith) {
  List* l = st.forceList(args[1], site);
  std::map<Symbol, std::vector<Value>> groups;
  for (Value& e : *l) {
    for (const Attr& a : *st.forceAttrs(e, site)) groups[a.name].push_back(a.value);
  }
  Attrs* r = st.newAttrs(static_cast<std::uint32_t>(groups.size()));
  for (auto& [name, vals] : groups) {
    List* vl = st.newList(static_cast<std::uint32_t>(vals.size()));
    std::copy(vals.begin(), vals.end(), vl->elems);
    r->entries[r->size++] = {
        name, 0, st.lazyApply2(args[0], Value::string(st.rt.symbols.name(name)), Value::ofList(vl))};
  }
  out = Value::ofAttrs(r);  // std::map iterates in symbol order
}

FW_PRIM(unsafeGetAttrPos) {
  const Symbol name = st.rt.symbols.intern(st.forceString(args[0], site));
  Attrs* a = st.forceAttrs(args[1], site);
  Attr* e = a->find(name);
  if (!e || !e->pos) {
    out = Value::null();
    return;
  }
  const PositionTable::Entry p = st.position(e->pos);
  if (!p.file) {
    out = Value::null();
    return;
  }
  const auto [line, col] = p.file->lineColumn(p.range.start);
  out = st.makeAttrs({{st.sym.file, st.newString(p.file->path)},
                      {st.sym.line, Value::integer(line)},
                      {st.sym.column, Value::integer(col)}});
}

}  // namespace

void addAttrBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"attrNames", 1, attrNames});
  v.push_back({"attrValues", 1, attrValues});
  v.push_back({"getAttr", 2, getAttr});
  v.push_back({"hasAttr", 2, hasAttr});
  v.push_back({"removeAttrs", 2, removeAttrs});
  v.push_back({"intersectAttrs", 2, intersectAttrs});
  v.push_back({"catAttrs", 2, catAttrs});
  v.push_back({"listToAttrs", 1, listToAttrs});
  v.push_back({"mapAttrs", 2, mapAttrs});
  v.push_back({"zipAttrsWith", 2, zipAttrsWith});
  v.push_back({"unsafeGetAttrPos", 2, unsafeGetAttrPos});
}

}  // namespace fw::eval
