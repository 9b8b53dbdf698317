// List builtins. map, genList and friends build lazy applications: the
// function is only called when an element is forced.

#include <algorithm>
#include <cstring>
#include <map>

#include "analysis/eval/builtins_util.h"

namespace fw::eval {

namespace {

FW_PRIM(length) { out = Value::integer(st.forceList(args[0], site)->size); }

FW_PRIM(head) {
  List* l = st.forceList(args[0], site);
  if (l->size == 0) st.fail(ErrorKind::IndexOutOfBounds, "list index 0 is out of bounds", site);
  st.force(l->elems[0]);
  out = l->elems[0];
}

FW_PRIM(tail) {
  List* l = st.forceList(args[0], site);
  if (l->size == 0) st.fail(ErrorKind::IndexOutOfBounds, "'tail' called on an empty list", site);
  List* t = st.newList(l->size - 1);
  std::memcpy(static_cast<void*>(t->elems), l->elems + 1, sizeof(Value) * t->size);
  out = Value::ofList(t);
}

FW_PRIM(elemAt) {
  List* l = st.forceList(args[0], site);
  const std::int64_t i = st.forceInt(args[1], site);
  if (i < 0 || i >= l->size) {
    st.fail(ErrorKind::IndexOutOfBounds, "list index " + std::to_string(i) + " is out of bounds", site);
  }
  st.force(l->elems[i]);
  out = l->elems[i];
}

FW_PRIM(map) {
  List* l = st.forceList(args[1], site);
  if (l->size == 0) {
    out = args[1];
    return;
  }
  List* r = st.newList(l->size);
  for (std::uint32_t i = 0; i < l->size; ++i) r->elems[i] = st.lazyApply(args[0], l->elems[i]);
  out = Value::ofList(r);
}

FW_PRIM(filter) {
  List* l = st.forceList(args[1], site);
  st.forceFunction(args[0], site);
  std::vector<Value> keep;
  keep.reserve(l->size);
  for (std::uint32_t i = 0; i < l->size; ++i) {
    Value r = apply1(st, args[0], l->elems[i], site);
    if (st.forceBool(r, site)) keep.push_back(l->elems[i]);
  }
  if (keep.size() == l->size) {
    out = args[1];
    return;
  }
  List* r = st.newList(static_cast<std::uint32_t>(keep.size()));
  std::copy(keep.begin(), keep.end(), r->elems);
  out = Value::ofList(r);
}

FW_PRIM(foldl) {
  List* l = st.forceList(args[2], site);
  if (l->size == 0) {
    st.force(args[1]);
    out = args[1];
    return;
  }
  st.forceFunction(args[0], site);
  Value acc = args[1];
  for (std::uint32_t i = 0; i < l->size; ++i) acc = apply2(st, args[0], acc, l->elems[i], site);
  out = acc;
}

FW_PRIM(genList) {
  const std::int64_t n = st.forceInt(args[1], site);
  if (n < 0) st.fail(ErrorKind::Other, "cannot create list of size " + std::to_string(n), site);
  if (n > 0xfffffff) st.fail(ErrorKind::Limit, "evaluation limit reached: list too long", site);
  st.forceFunction(args[0], site);
  List* r = st.newList(static_cast<std::uint32_t>(n));
  for (std::int64_t i = 0; i < n; ++i) r->elems[i] = st.lazyApply(args[0], Value::integer(i));
  out = Value::ofList(r);
}

FW_PRIM(elem) {
  List* l = st.forceList(args[1], site);
  for (std::uint32_t i = 0; i < l->size; ++i) {
    // The same shared value is equal to itself, even a function (Nix
    // compares value addresses first).
    if (EvalState::sameValue(args[0], l->elems[i]) || st.equal(args[0], l->elems[i], site)) {
      out = Value::boolean(true);
      return;
    }
  }
  out = Value::boolean(false);
}

FW_PRIM(concatLists) {
  List* l = st.forceList(args[0], site);
  std::size_t total = 0;
  for (std::uint32_t i = 0; i < l->size; ++i) total += st.forceList(l->elems[i], site)->size;
  List* r = st.newList(static_cast<std::uint32_t>(total));
  std::size_t k = 0;
  for (std::uint32_t i = 0; i < l->size; ++i) {
    List* part = l->elems[i].list;
    if (part->size) std::memcpy(static_cast<void*>(r->elems + k), part->elems, sizeof(Value) * part->size);
    k += part->size;
  }
  out = Value::ofList(r);
}

FW_PRIM(concatMap) {
  List* l = st.forceList(args[1], site);
  st.forceFunction(args[0], site);
  std::vector<Value> parts(l->size);
  std::size_t total = 0;
  for (std::uint32_t i = 0; i < l->size; ++i) {
    parts[i] = apply1(st, args[0], l->elems[i], site);
    total += st.forceList(parts[i], site)->size;
  }
  List* r = st.newList(static_cast<std::uint32_t>(total));
  std::size_t k = 0;
  for (Value& p : parts) {
    if (p.list->size) std::memcpy(static_cast<void*>(r->elems + k), p.list->elems, sizeof(Value) * p.list->size);
    k += p.list->size;
  }
  out = Value::ofList(r);
}

void anyAll(EvalState& st, Value* args, Value& out, const Expr* site, bool any) {
  List* l = st.forceList(args[1], site);
  st.forceFunction(args[0], site);
  for (std::uint32_t i = 0; i < l->size; ++i) {
    Value r = apply1(st, args[0], l->elems[i], site);
    if (st.forceBool(r, site) == any) {
      out = Value::boolean(any);
      return;
    }
  }
  out = Value::boolean(!any);
}
FW_PRIM(any) { anyAll(st, args, out, site, true); }
FW_PRIM(all) { anyAll(st, args, out, site, false); }

FW_PRIM(partition) {
  List* l = st.forceList(args[1], site);
  st.forceFunction(args[0], site);
  std::vector<Value> right, wrong;
  for (std::uint32_t i = 0; i < l->size; ++i) {
    Value r = apply1(st, args[0], l->elems[i], site);
    (st.forceBool(r, site) ? right : wrong).push_back(l->elems[i]);
  }
  auto toList = [&](const std::vector<Value>& v) {
    List* r = st.newList(static_cast<std::uint32_t>(v.size()));
    std::copy(v.begin(), v.end(), r->elems);
    return Value::ofList(r);
  };
  out = st.makeAttrs({{st.sym.right, toList(right)}, {st.sym.wrong, toList(wrong)}});
}

FW_PRIM(sort) {
  List* l = st.forceList(args[1], site);
  st.forceFunction(args[0], site);
  List* r = st.newList(l->size);
  std::memcpy(static_cast<void*>(r->elems), l->elems, sizeof(Value) * l->size);
  for (Value& v : *r) st.force(v);
  // A bottom-up merge sort of our own: stable like Nix's, and safe with a
  // comparator that is not a strict weak order (std::sort and
  // std::stable_sort may then read out of bounds).
  auto less = [&](const Value& a, const Value& b) {
    Value x = apply2(st, args[0], a, b, site);
    return st.forceBool(x, site);
  };
  std::vector<Value> buf(r->size);
  Value* src = r->elems;
  Value* dst = buf.data();
  const std::size_t n = r->size;
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      std::size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) dst[k++] = less(src[j], src[i]) ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    std::swap(src, dst);
  }
  if (src != r->elems) std::copy(src, src + n, r->elems);
  out = Value::ofList(r);
}

FW_PRIM(groupBy) {
  List* l = st.forceList(args[1], site);
  st.forceFunction(args[0], site);
  std::map<Symbol, std::vector<Value>> groups;
  for (std::uint32_t i = 0; i < l->size; ++i) {
    Value k = apply1(st, args[0], l->elems[i], site);
    groups[st.rt.symbols.intern(st.forceString(k, site))].push_back(l->elems[i]);
  }
  std::vector<std::pair<Symbol, Value>> entries;
  for (auto& [name, vals] : groups) {
    List* r = st.newList(static_cast<std::uint32_t>(vals.size()));
    std::copy(vals.begin(), vals.end(), r->elems);
    entries.push_back({name, Value::ofList(r)});
  }
  out = st.makeAttrs(std::move(entries));
}

FW_PRIM(genericClosure) {
  Attrs* a = st.forceAttrs(args[0], site);
  Attr* start = a->find(st.sym.startSet);
  if (!start) st.fail(ErrorKind::MissingAttribute, "attribute 'startSet' missing", site);
  Attr* op = a->find(st.sym.operator_);
  if (!op) st.fail(ErrorKind::MissingAttribute, "attribute 'operator' missing", site);
  List* s = st.forceList(start->value, site);
  std::vector<Value> work(s->elems, s->elems + s->size);
  std::vector<Value> result;
  std::vector<Value> keys;  // sorted by lessThan
  std::size_t next = 0;
  while (next < work.size()) {
    Value e = work[next++];
    Attrs* ea = st.forceAttrs(e, site);
    Attr* key = ea->find(st.sym.key);
    if (!key) st.fail(ErrorKind::MissingAttribute, "attribute 'key' missing", site);
    st.force(key->value);
    auto it = std::lower_bound(keys.begin(), keys.end(), key->value, [&](const Value& x, const Value& y) {
      Value xa = x, ya = y;
      return st.lessThan(xa, ya, site);
    });
    if (it != keys.end()) {
      Value ka = *it;
      if (!st.lessThan(key->value, ka, site)) continue;  // already seen
    }
    keys.insert(it, key->value);
    result.push_back(e);
    Value more = apply1(st, op->value, e, site);
    List* ml = st.forceList(more, site);
    work.insert(work.end(), ml->elems, ml->elems + ml->size);
  }
  List* r = st.newList(static_cast<std::uint32_t>(result.size()));
  std::copy(result.begin(), result.end(), r->elems);
  out = Value::ofList(r);
}

}  // namespace

void addListBuiltins(std::vector<PrimOp>& v) {
  v.push_back({"length", 1, length});
  v.push_back({"head", 1, head});
  v.push_back({"tail", 1, tail});
  v.push_back({"elemAt", 2, elemAt});
  v.push_back({"map", 2, map});
  v.push_back({"filter", 2, filter});
  v.push_back({"foldl'", 3, foldl});
  v.push_back({"genList", 2, genList});
  v.push_back({"elem", 2, elem});
  v.push_back({"concatLists", 1, concatLists});
  v.push_back({"concatMap", 2, concatMap});
  v.push_back({"any", 2, any});
  v.push_back({"all", 2, all});
  v.push_back({"partition", 2, partition});
  v.push_back({"sort", 2, sort});
  v.push_back({"groupBy", 2, groupBy});
  v.push_back({"genericClosure", 1, genericClosure});
}

}  // namespace fw::eval
