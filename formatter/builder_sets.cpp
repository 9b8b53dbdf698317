// Attribute sets, lists, bindings and inherits, and the placement of a
// binding's value (absorbed on the `=` line, or on the next line indented).

#include "formatter/builder.h"

namespace fw::fmt {

namespace {

bool isSet(Node n) {
  const Symbols& S = syms();
  return n.is(S.attrset_expression) || n.is(S.rec_attrset_expression) ||
         n.is(S.let_attrset_expression);
}

std::vector<Node> setItems(Node n) {
  for (Node k : childrenOf(n))
    if (k.is(syms().binding_set)) return childrenOf(k);
  return {};
}

std::vector<Node> listItems(Node n) {
  std::vector<Node> out;
  for (Node k : childrenOf(n))
    if (k.isNamed()) out.push_back(k);
  return out;
}

}  // namespace

bool Builder::absorbable(Node n) const {
  if (!n) return false;
  if (isSet(n)) return !setItems(n).empty() || hasComment(n.start(), n.end());
  if (n.is(S.list_expression)) return !listItems(n).empty() || hasComment(n.start(), n.end());
  if (n.is(S.indented_string_expression)) return n.text(src_).find('\n') != std::string_view::npos;
  return false;
}

bool Builder::isSimple(Node n) const {
  if (hasComment(n.start(), n.end())) return false;
  if (n.is(S.variable_expression) || n.is(S.path_expression) || n.is(S.integer_expression) ||
      n.is(S.float_expression) || n.is(S.spath_expression) || n.is(S.uri_expression))
    return true;
  if (n.is(S.string_expression) || n.is(S.indented_string_expression))
    return n.text(src_).find('\n') == std::string_view::npos;
  if (n.is(S.select_expression)) {
    const Node e = n.field(fields().expression);
    const Node path = n.field(fields().attrpath);
    if (n.field(fields().default_) || !isSimple(e)) return false;
    for (Node a : childrenOf(path))
      if (a.isNamed() && !a.is(S.identifier)) return false;
    return true;
  }
  return false;
}

bool Builder::singleInheritSet(Node n) const {
  const std::vector<Node> items = setItems(n);
  return items.size() == 1 && (items[0].is(S.inherit) || items[0].is(S.inherit_from));
}

DocId Builder::absorbableContent(Node n, bool wide) {
  Depth guard(*this);
  if (isSet(n)) return attrsetContent(n, wide && !singleInheritSet(n));
  if (n.is(S.list_expression)) return listContent(n, false);
  return tokVerbatim(n);
}

DocId Builder::wrapAbsorbable(Node n, DocId content, bool force) {
  if (n.is(S.indented_string_expression) || n.is(S.string_expression)) return content;
  return force ? doc_.forced(content) : doc_.group(content);
}

// ---------------------------------------------------------------- sets and lists

DocId Builder::attrsetContent(Node n, bool wide) {
  const std::vector<Node> kids = childrenOf(n);
  std::vector<DocId> parts;
  std::size_t i = 0;
  // `rec` or `let` before the brace.
  for (; i < kids.size() && !kids[i].is(S.t_lbrace); ++i) {
    parts.push_back(tok(kids[i]));
    parts.push_back(doc_.space());
  }
  const Node open = kids[i];
  const Node close = kids.back();
  parts.push_back(tok(open));
  const std::vector<Node> items = setItems(n);
  if (items.empty()) {
    const DocId inner = closing(close.start());
    if (inner == 0) {
      parts.push_back(doc_.space());
    } else {
      parts.push_back(doc_.nest(inner));
      parts.push_back(doc_.hardline());
    }
    parts.push_back(tok(close));
    return doc_.concat(parts);
  }
  const bool expand = wide || items.size() > 1 || !sameLine(open.start(), close.start());
  const DocId sep = expand ? doc_.hardline() : doc_.line();
  const DocId body = sequence(items, doc_.hardline(), [&](Node b) { return bindingItem(b); });
  const DocId tail = closing(close.start());
  parts.push_back(doc_.nest(doc_.concat({sep, body, tail})));
  parts.push_back(sep);
  parts.push_back(tok(close));
  return doc_.concat(parts);
}

DocId Builder::listContent(Node n, bool inlineSimple) {
  const std::vector<Node> kids = childrenOf(n);
  const Node open = kids.front();
  const Node close = kids.back();
  const std::vector<Node> items = listItems(n);
  std::vector<DocId> parts{tok(open)};
  if (items.empty()) {
    const DocId inner = closing(close.start());
    if (inner == 0) {
      parts.push_back(doc_.space());
    } else {
      parts.push_back(doc_.nest(inner));
      parts.push_back(doc_.hardline());
    }
    parts.push_back(tok(close));
    return doc_.concat(parts);
  }
  const bool expand = !inlineSimple && (items.size() > 1 || !sameLine(open.start(), close.start()));
  const DocId sep = expand ? doc_.hardline() : doc_.line();
  const DocId body = sequence(items, sep, [&](Node e) { return expr(e); });
  const DocId tail = closing(close.start());
  parts.push_back(doc_.nest(doc_.concat({sep, body, tail})));
  parts.push_back(sep);
  parts.push_back(tok(close));
  return doc_.concat(parts);
}

// ---------------------------------------------------------------- bindings

DocId Builder::bindingItem(Node n) {
  if (n.is(S.binding)) return binding(n);
  if (n.is(S.inherit) || n.is(S.inherit_from)) return inherit(n);
  return tokVerbatim(n);
}

DocId Builder::binding(Node n) {
  std::vector<DocId> parts;
  ByteOffset eqEnd = n.start();
  for (const Node k : childrenOf(n)) {
    if (k.is(S.attrpath)) {
      parts.push_back(attrpath(k));
    } else if (k.is(S.t_eq)) {
      parts.push_back(doc_.space());
      parts.push_back(tok(k));
      eqEnd = k.end();
    } else if (k.isNamed()) {
      parts.push_back(rhs(k, eqEnd));
    } else {
      parts.push_back(tok(k));
    }
  }
  return doc_.group(doc_.concat(parts));
}

DocId Builder::inherit(Node n) {
  const std::vector<Node> kids = childrenOf(n);
  const Node semi = kids.back();
  Node attrs;
  for (Node k : kids)
    if (k.is(S.inherited_attrs)) attrs = k;
  const std::vector<Node> ids = attrs ? childrenOf(attrs) : std::vector<Node>{};
  // `inherit a b c;` stays on one line only if it was and has few names.
  const bool single = sameLine(n.start(), semi.start()) && ids.size() < 4;
  const DocId sep = single ? doc_.line() : doc_.hardline();
  std::vector<DocId> head{tok(kids.front())};
  std::vector<DocId> rest;
  std::vector<DocId> source;
  for (std::size_t i = 1; i + 1 < kids.size(); ++i) {
    const Node k = kids[i];
    if (k.is(S.inherited_attrs)) continue;
    source.push_back(k.isNamed() ? expr(k) : tok(k));
  }
  if (!source.empty()) rest.push_back(doc_.group(doc_.concat({doc_.line(), doc_.concat(source)})));
  for (Node id : ids) {
    rest.push_back(sep);
    if (id.is(S.string_expression)) rest.push_back(tokVerbatim(id));
    else if (id.is(S.interpolation)) rest.push_back(interpolation(id));
    else rest.push_back(tok(id));
  }
  if (!ids.empty()) rest.push_back(single ? doc_.softline() : doc_.hardline());
  rest.push_back(tok(semi));
  head.push_back(doc_.nest(doc_.concat(rest)));
  return doc_.group(doc_.concat(head));
}

DocId Builder::rhs(Node value, ByteOffset after) {
  const DocId sp = doc_.space();
  // A comment between `=` and the value keeps the value on its own line.
  if (!hasComment(after, value.start())) {
    if (absorbable(value)) {
      // Attribute sets after `=` are always expanded (except a lone
      // inherit); lists and multi-line strings start on the `=` line.
      const DocId content = absorbableContent(value, true);
      return doc_.concat({sp, wrapAbsorbable(value, content, false)});
    }
    if (isSet(value) || value.is(S.list_expression) || value.is(S.string_expression) ||
        value.is(S.indented_string_expression) || value.is(S.path_expression) ||
        value.is(S.hpath_expression) || value.is(S.parenthesized_expression)) {
      return doc_.concat({sp, expr(value)});
    }
    if (value.is(S.with_expression) && absorbable(value.field(fields().body))) {
      return doc_.concat({sp, withExpr(value, true)});
    }
    if (value.is(S.function_expression) && value.field(fields().universal) &&
        !value.field(fields().formals)) {
      // `f = x: {`: absorbed when the body (after all simple parameters) is.
      Node b = value;
      while (b.is(S.function_expression) && b.field(fields().universal) && !b.field(fields().formals))
        b = b.field(fields().body);
      if (absorbable(b) || (b.is(S.with_expression) && absorbable(b.field(fields().body))))
        return doc_.concat({sp, lambda(value)});
    }
    if (value.is(S.apply_expression)) {
      const App app = application(value);
      std::vector<DocId> opts{doc_.concat({sp, app.expanded})};
      if (app.absorbed) opts.push_back(doc_.concat({sp, app.absorbed}));
      opts.push_back(doc_.nest(doc_.concat({doc_.line(), placeApp(app)})));
      return doc_.alts(opts);
    }
    if (value.is(S.binary_expression)) {
      Depth guard(*this);
      const Chain c = chain(value);
      std::vector<DocId> opts{doc_.concat({sp, c.doc})};
      if (c.count == 2 && (c.op == "//" || c.op == "++")) {
        // Compact forms: `a // {` … `}`, `{` … `} // b`, `a ++ f x [` … `]`.
        if (c.lastContent && !doc_.hard(c.operands[0])) {
          opts.push_back(doc_.concat({sp, c.operands[0], sp, c.ops[0], sp,
                                      wrapAbsorbable(c.lastNode, c.lastContent, true)}));
        } else if (c.firstContent && isSimple(c.lastNode)) {
          opts.push_back(doc_.concat({sp, wrapAbsorbable(c.firstNode, c.firstContent, true), sp,
                                      c.ops[0], c.operands[1]}));
        }
      }
      opts.push_back(doc_.nest(doc_.concat({doc_.line(), c.doc})));
      return doc_.alts(opts);
    }
  }
  if (isSet(value) && absorbable(value)) {
    return doc_.nest(doc_.concat({doc_.line(), doc_.group(absorbableContent(value, true))}));
  }
  return doc_.nest(doc_.concat({doc_.line(), expr(value)}));
}

}  // namespace fw::fmt
