// Expressions: terms, selections, operators, applications, functions,
// let, if, with, assert. Long chains (operators, applications, else-if,
// curried functions) are walked with loops, so only real nesting counts
// towards kMaxFormatDepth.

#include <algorithm>

#include "formatter/builder.h"

namespace fw::fmt {

namespace {

bool isOneOf(Node n, std::initializer_list<TSSymbol> syms) {
  for (TSSymbol s : syms)
    if (n.is(s)) return true;
  return false;
}

struct Child {
  Node node;
  TSFieldId field;
};

std::vector<Child> fieldChildren(Node n) {
  std::vector<Child> out;
  const TSSymbol comment = syms().comment;
  forEachChild(n, [&](Node c, TSFieldId f) {
    if (c.symbol() != comment) out.push_back({c, f});
    return true;
  });
  return out;
}

Node firstOfType(const std::vector<Node>& kids, TSSymbol s) {
  for (Node k : kids)
    if (k.is(s)) return k;
  return {};
}

}  // namespace

DocId Builder::expr(Node n) {
  Depth guard(*this);
  return exprInner(n);
}

DocId Builder::exprInner(Node n) {
  const TSSymbol s = n.symbol();
  if (s == S.variable_expression || s == S.integer_expression || s == S.float_expression ||
      s == S.uri_expression || s == S.spath_expression) {
    return tok(n);
  }
  if (s == S.string_expression || s == S.indented_string_expression || s == S.path_expression ||
      s == S.hpath_expression) {
    return tokVerbatim(n);
  }
  if (s == S.parenthesized_expression) return paren(n);
  if (s == S.attrset_expression || s == S.rec_attrset_expression || s == S.let_attrset_expression)
    return doc_.group(attrsetContent(n, false));
  if (s == S.list_expression) return doc_.group(listContent(n, false));
  if (s == S.select_expression) return select(n);
  if (s == S.has_attr_expression) return hasAttr(n);
  if (s == S.unary_expression) return unary(n);
  if (s == S.binary_expression) return binaryChain(n);
  if (s == S.apply_expression) return placeApp(application(n));
  if (s == S.function_expression) return lambda(n);
  if (s == S.let_expression) return letExpr(n);
  if (s == S.if_expression) return ifExpr(n);
  if (s == S.with_expression) return withExpr(n, false);
  if (s == S.assert_expression) return assertExpr(n);
  // Anything else is kept as written.
  return tokVerbatim(n);
}

DocId Builder::interpolation(Node n) {
  std::vector<DocId> parts;
  for (Node k : childrenOf(n)) parts.push_back(k.isNamed() ? expr(k) : tok(k));
  return doc_.concat(parts);
}

DocId Builder::attrpath(Node n) {
  std::vector<DocId> parts;
  for (Node k : childrenOf(n)) {
    if (k.is(S.string_expression)) parts.push_back(tokVerbatim(k));
    else if (k.is(S.interpolation)) parts.push_back(interpolation(k));
    else parts.push_back(tok(k));
  }
  return doc_.concat(parts);
}

DocId Builder::select(Node n) {
  std::vector<DocId> parts;
  bool unsafe = false;
  for (const Child& c : fieldChildren(n)) {
    if (c.field == fields().expression) {
      // `./a .b` and `1 .a` need their space: without it the path or the
      // number would take the dot.
      unsafe = isOneOf(c.node, {S.path_expression, S.hpath_expression, S.integer_expression,
                                S.float_expression, S.uri_expression});
      parts.push_back(expr(c.node));
    } else if (c.field == fields().attrpath) {
      parts.push_back(attrpath(c.node));
    } else if (c.field == fields().default_) {
      parts.push_back(doc_.space());
      parts.push_back(expr(c.node));
    } else if (c.node.is(S.t_dot)) {
      if (unsafe) parts.push_back(doc_.space());
      parts.push_back(tok(c.node));
    } else {  // `or`
      parts.push_back(doc_.space());
      parts.push_back(tok(c.node));
    }
  }
  return doc_.concat(parts);
}

DocId Builder::hasAttr(Node n) {
  std::vector<DocId> parts;
  for (const Child& c : fieldChildren(n)) {
    if (c.field == fields().expression) {
      parts.push_back(expr(c.node));
    } else if (c.field == fields().attrpath) {
      parts.push_back(attrpath(c.node));
    } else {
      parts.push_back(doc_.space());
      parts.push_back(tok(c.node));
      parts.push_back(doc_.space());
    }
  }
  return doc_.concat(parts);
}

DocId Builder::unary(Node n) {
  std::vector<DocId> parts;
  for (Node k : childrenOf(n)) parts.push_back(k.isNamed() ? expr(k) : tok(k));
  return doc_.concat(parts);
}

// ---------------------------------------------------------------- parentheses

DocId Builder::paren(Node n) {
  const std::vector<Node> kids = childrenOf(n);
  const Node inner = n.field(fields().expression);
  const Node close = kids.back();
  const DocId open = tok(kids.front());
  if (inner && (absorbable(inner) ||
                (inner.is(S.with_expression) && absorbable(inner.field(fields().body))))) {
    // `({`, `([`, `(''`: the brackets hug the term.
    const DocId body = inner.is(S.with_expression)
                           ? withExpr(inner, true)
                           : wrapAbsorbable(inner, absorbableContent(inner, false), false);
    const DocId tail = closing(close.start());
    return doc_.group(doc_.concat({open, body, doc_.nest(tail), tok(close)}));
  }
  if (inner && inner.is(S.apply_expression)) {
    const App app = application(inner);
    const DocId tail = doc_.nest(closing(close.start()));
    const DocId closeDoc = doc_.concat({tail, tok(close)});
    std::vector<DocId> opts{doc_.concat({open, app.expanded, closeDoc})};
    if (app.absorbed) opts.push_back(doc_.concat({open, app.absorbed, closeDoc}));
    opts.push_back(doc_.concat(
        {open, doc_.nest(doc_.concat({doc_.softline(), placeApp(app)})), doc_.softline(), closeDoc}));
    return doc_.alts(opts);
  }
  const DocId body = inner ? expr(inner) : doc_.empty();
  const DocId tail = closing(close.start());
  return doc_.group(doc_.concat({open, doc_.nest(doc_.concat({doc_.softline(), body, tail})),
                                 doc_.softline(), tok(close)}));
}

// ---------------------------------------------------------------- operators

namespace {

std::string_view operatorOf(Node n, std::string_view src) {
  const Node op = n.field(fields().operator_);
  return op ? op.text(src) : std::string_view{};
}

}  // namespace

Builder::Chain Builder::chain(Node n) {
  // Flatten a chain of the same operator (`a ++ b ++ c`, `x // y // z`,
  // `p && q && r`) into operands and operators, in source order.
  Chain out;
  const std::string_view op = operatorOf(n, src_);
  std::vector<std::pair<Node, bool>> work{{n, false}};
  std::vector<Node> operands, ops;
  while (!work.empty()) {
    auto [x, isOp] = work.back();
    work.pop_back();
    if (!isOp && x.is(S.binary_expression) && operatorOf(x, src_) == op) {
      work.push_back({x.field(fields().right), false});
      work.push_back({x.field(fields().operator_), true});
      work.push_back({x.field(fields().left), false});
    } else if (isOp) {
      ops.push_back(x);
    } else {
      operands.push_back(x);
    }
  }
  out.op = op;
  out.count = operands.size();
  for (std::size_t i = 0; i < operands.size(); ++i) {
    const Node x = operands[i];
    if (i > 0) out.ops.push_back(tok(ops[i - 1]));
    const bool last = i + 1 == operands.size();
    if (absorbable(x)) {
      const DocId content = absorbableContent(x, false);
      if (i == 0) out.firstContent = content;
      if (last) out.lastContent = content;
      const DocId d = wrapAbsorbable(x, content, false);
      out.operands.push_back(i == 0 ? d : doc_.concat({doc_.space(), d}));
    } else if (i == 0) {
      out.operands.push_back(expr(x));
    } else if (x.is(S.binary_expression)) {
      out.operands.push_back(doc_.nest(doc_.group(doc_.concat({doc_.line(), expr(x)}))));
    } else if (x.is(S.apply_expression)) {
      const App app = application(x);
      std::vector<DocId> opts{doc_.concat({doc_.space(), app.expanded})};
      if (app.absorbed) opts.push_back(doc_.concat({doc_.space(), app.absorbed}));
      opts.push_back(doc_.nest(doc_.concat({doc_.line(), placeApp(app)})));
      out.operands.push_back(doc_.alts(opts));
    } else {
      out.operands.push_back(doc_.concat({doc_.space(), expr(x)}));
    }
    if (i == 0) out.firstNode = x;
    if (last) out.lastNode = x;
  }
  std::vector<DocId> parts{out.operands[0]};
  for (std::size_t i = 1; i < out.operands.size(); ++i) {
    parts.push_back(doc_.line());
    parts.push_back(out.ops[i - 1]);
    parts.push_back(out.operands[i]);
  }
  out.doc = doc_.group(doc_.concat(parts));
  return out;
}

DocId Builder::binaryChain(Node n) { return chain(n).doc; }

// ---------------------------------------------------------------- application

Builder::ArgDocs Builder::argument(Node a) {
  // An argument that can be absorbed: the term (or the parenthesised
  // expression) opens on the function's line and closes on a line of its
  // own, its content indented once.
  ArgDocs out;
  if (absorbable(a)) {
    const DocId content = absorbableContent(a, false);
    out.flat = wrapAbsorbable(a, content, false);
    out.absorbed = wrapAbsorbable(a, content, true);
    return out;
  }
  if (!a.is(S.parenthesized_expression)) {
    out.flat = expr(a);
    return out;
  }
  Depth guard(*this);
  const std::vector<Node> kids = childrenOf(a);
  const Node e = a.field(fields().expression);
  const Node close = kids.back();
  const Node body = e && e.is(S.function_expression) ? e.field(fields().body) : Node{};
  const bool lambdaForm = body && e.field(fields().universal) && !e.field(fields().formals) &&
                          absorbable(body) && !hasComment(a.start(), body.start());
  const bool appForm = e && e.is(S.apply_expression) &&
                       e.field(fields().function).is(S.variable_expression) &&
                       absorbable(e.field(fields().argument)) &&
                       !hasComment(a.start(), e.field(fields().argument).start());
  if (lambdaForm || appForm) {
    // `(x: {`, `(f {`: a short head and an absorbed term.
    std::vector<DocId> head{tok(kids.front())};
    Node term;
    if (lambdaForm) {
      for (Node k : childrenOf(e)) {
        if (k == body) break;
        head.push_back(tok(k));
      }
      term = body;
    } else {
      head.push_back(expr(e.field(fields().function)));
      term = e.field(fields().argument);
    }
    head.push_back(doc_.space());
    const DocId h = doc_.concat(head);
    const DocId content = absorbableContent(term, false);
    const DocId closeDoc = doc_.concat({doc_.nest(closing(close.start())), tok(close)});
    out.flat = doc_.group(doc_.concat({h, wrapAbsorbable(term, content, false), closeDoc}));
    out.absorbed = doc_.concat({h, wrapAbsorbable(term, content, true), closeDoc});
    return out;
  }
  const DocId open = tok(kids.front());
  if (e && absorbable(e)) {
    const DocId content = absorbableContent(e, false);
    const DocId closeDoc = doc_.concat({doc_.nest(closing(close.start())), tok(close)});
    out.flat = doc_.group(doc_.concat({open, wrapAbsorbable(e, content, false), closeDoc}));
    out.absorbed = doc_.concat({open, wrapAbsorbable(e, content, true), closeDoc});
    return out;
  }
  const DocId inner = e ? expr(e) : doc_.empty();
  const DocId tail = closing(close.start());
  const DocId all = doc_.concat({open, doc_.nest(doc_.concat({doc_.softline(), inner, tail})),
                                 doc_.softline(), tok(close)});
  out.flat = doc_.group(all);
  out.absorbed = doc_.forced(all);
  return out;
}

Builder::App Builder::application(Node n) {
  std::vector<Node> args;
  Node f = n;
  while (f.is(S.apply_expression)) {
    args.push_back(f.field(fields().argument));
    f = f.field(fields().function);
  }
  std::reverse(args.begin(), args.end());
  // Which argument may be absorbed: the last one if it can be, else one
  // followed only by a few short simple arguments (`map (x: …) list`).
  std::size_t pick = args.size();
  if (absorbable(args.back()) || args.back().is(S.parenthesized_expression)) {
    pick = args.size() - 1;
  } else {
    std::size_t tail = 0;
    for (std::size_t k = args.size(); k-- > 0;) {
      const Node a = args[k];
      if (absorbable(a) || a.is(S.parenthesized_expression)) {
        if (tail <= 32 && k + 1 < args.size()) pick = k;
        break;
      }
      if (!isSimple(a)) break;
      tail += a.end() - a.start() + 1;
    }
  }
  const DocId fd = expr(f);
  bool hardOthers = doc_.hard(fd);
  std::vector<DocId> flat;
  DocId absorbedArg = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const Node a = args[i];
    DocId d;
    if (i == pick) {
      const ArgDocs ad = argument(a);
      d = ad.flat;
      absorbedArg = ad.absorbed;
    } else if (a.is(S.list_expression) && i + 1 < args.size()) {
      // Short lists of simple items stay on the line (`f [ a b ] x`).
      std::vector<Node> elems;
      for (Node e : childrenOf(a))
        if (e.isNamed()) elems.push_back(e);
      const bool simple = elems.size() <= 4 && std::all_of(elems.begin(), elems.end(),
                                                           [&](Node e) { return isSimple(e); });
      d = doc_.group(listContent(a, simple));
    } else {
      d = expr(a);
    }
    if (i != pick) hardOthers = hardOthers || doc_.hard(d);
    flat.push_back(d);
  }
  // f a b c: as many arguments as fit on the first line, then one a line.
  DocId cur = fd;
  for (std::size_t i = 0; i + 1 < flat.size(); ++i)
    cur = doc_.group(doc_.concat({cur, doc_.nest(doc_.concat({doc_.line(), flat[i]}))}));
  App app;
  app.expanded = doc_.concat({cur, doc_.nest(doc_.concat({doc_.line(), flat.back()}))});
  if (absorbedArg && !hardOthers) {
    std::vector<DocId> parts{fd};
    for (std::size_t i = 0; i < flat.size(); ++i) {
      parts.push_back(doc_.space());
      parts.push_back(i == pick ? absorbedArg : flat[i]);
    }
    app.absorbed = doc_.concat(parts);
  }
  return app;
}

DocId Builder::placeApp(const App& app) {
  if (!app.absorbed) return doc_.group(app.expanded);
  return doc_.alts({app.expanded, app.absorbed, app.expanded});
}

// ---------------------------------------------------------------- functions

ByteOffset Builder::nextTokenStart(ByteOffset from) const {
  while (from < src_.size() && (src_[from] == ' ' || src_[from] == '\t' || src_[from] == '\n' ||
                                src_[from] == '\r'))
    ++from;
  return from;
}

DocId Builder::lambda(Node n) {
  // Curried simple parameters go on one line: `name: value: body`.
  std::vector<Node> simple;
  Node x = n;
  while (x.is(S.function_expression) && x.field(fields().universal) && !x.field(fields().formals)) {
    simple.push_back(x);
    x = x.field(fields().body);
  }
  std::vector<DocId> head;
  if (!simple.empty()) {
    for (std::size_t i = 0; i < simple.size(); ++i) {
      if (i > 0) head.push_back(doc_.space());
      const Node body = simple[i].field(fields().body);
      for (Node k : childrenOf(simple[i])) {
        if (k == body) break;
        head.push_back(tok(k));
      }
    }
    const Node body = x;
    if (absorbable(body)) {
      head.push_back(doc_.space());
      head.push_back(wrapAbsorbable(body, absorbableContent(body, false), false));
      return doc_.concat(head);
    }
    if (body.is(S.with_expression) && absorbable(body.field(fields().body))) {
      head.push_back(doc_.space());
      head.push_back(withExpr(body, true));
      return doc_.concat(head);
    }
    const ByteOffset next = nextTokenStart(lastEnd_);
    head.push_back(simple.size() <= 2 ? lineBefore(next) : hardlineBefore(next));
    head.push_back(expr(body));
    return doc_.group(doc_.concat(head));
  }
  // `{ formals }:`, `args@{ … }:`, `{ … }@args:`
  const Node body = n.field(fields().body);
  for (Node k : childrenOf(n)) {
    if (k == body) break;
    head.push_back(k.is(S.formals) ? formals(k) : tok(k));
  }
  const ByteOffset next = nextTokenStart(lastEnd_);
  head.push_back(lineBefore(next));
  if (absorbable(body)) head.push_back(wrapAbsorbable(body, absorbableContent(body, true), false));
  else head.push_back(expr(body));
  return doc_.group(doc_.concat(head));
}

DocId Builder::formals(Node n) {
  const std::vector<Node> kids = childrenOf(n);
  const Node close = kids.back();
  std::vector<Node> items;
  for (Node k : kids)
    if (k.isNamed()) items.push_back(k);
  const DocId open = tok(kids.front());
  if (items.empty()) {
    const DocId inner = closing(close.start());
    if (inner == 0) return doc_.concat({open, doc_.space(), tok(close)});
    return doc_.concat({open, doc_.nest(inner), doc_.hardline(), tok(close)});
  }
  // Few simple formals may stay on one line if they were; otherwise one a
  // line, each with a trailing comma (none after `...`).
  std::size_t named = 0;
  bool defaults = false;
  for (Node it : items) {
    if (it.is(S.formal)) {
      ++named;
      defaults = defaults || it.field(fields().default_);
    }
  }
  const bool keepFlat = sameLine(kids.front().start(), close.start()) && named <= 2 && !defaults;
  const DocId sep = keepFlat ? doc_.line() : doc_.hardline();
  std::vector<DocId> parts;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Node it = items[i];
    if (i > 0) parts.push_back(sep);
    beginItem(i == 0);
    parts.push_back(leading(it.start()));
    if (blankBefore(it.start()) && (lastWasComment_ || !itemFirst_)) parts.push_back(doc_.emptyline());
    lastWasComment_ = false;
    itemStart_ = false;
    const ByteOffset savedNoTrail = noTrailAt_;
    noTrailAt_ = it.end();
    DocId d;
    if (isVerbatimItem(it) || it.is(S.ellipses)) {
      d = isVerbatimItem(it) ? keptItem(it) : tok(it);
    } else {
      std::vector<DocId> f;
      ByteOffset qEnd = it.start();
      for (const Child& c : fieldChildren(it)) {
        if (c.field == fields().name) {
          f.push_back(tok(c.node));
        } else if (c.field == fields().default_) {
          f.push_back(rhs(c.node, qEnd));
        } else {  // `?`
          f.push_back(doc_.space());
          f.push_back(tok(c.node));
          qEnd = c.node.end();
        }
      }
      d = doc_.group(doc_.concat(f));
    }
    noTrailAt_ = savedNoTrail;
    parts.push_back(d);
    if (!it.is(S.ellipses)) {
      const bool lastItem = i + 1 == items.size();
      parts.push_back(lastItem ? doc_.ifBreak(doc_.text(","), doc_.empty()) : doc_.text(","));
    }
    const ByteOffset limit = i + 1 < items.size() ? items[i + 1].start() : close.start();
    parts.push_back(trailingBefore(limit));
  }
  parts.push_back(closing(close.start()));
  return doc_.group(doc_.concat(
      {open, doc_.nest(doc_.concat({sep, doc_.concat(parts)})), sep, tok(close)}));
}

// ---------------------------------------------------------------- let, if, with, assert

DocId Builder::letExpr(Node n) {
  const std::vector<Node> kids = childrenOf(n);
  const Node bset = firstOfType(kids, S.binding_set);
  const Node inTok = firstOfType(kids, S.t_in);
  const Node body = n.field(fields().body);
  std::vector<DocId> parts{tok(kids.front())};
  std::vector<Node> items = bset ? childrenOf(bset) : std::vector<Node>{};
  const DocId bindings =
      sequence(items, doc_.hardline(), [&](Node b) { return bindingItem(b); });
  const DocId tail = closing(inTok.start());
  if (bindings || tail) parts.push_back(doc_.nest(doc_.concat({doc_.hardline(), bindings, tail})));
  parts.push_back(doc_.hardline());
  parts.push_back(tok(inTok));
  parts.push_back(doc_.hardline());
  parts.push_back(expr(body));
  return doc_.concat(parts);
}

DocId Builder::ifExpr(Node n) {
  std::vector<Node> levels{n};
  while (true) {
    const Node alt = levels.back().field(fields().alternative);
    if (alt && alt.is(S.if_expression)) levels.push_back(alt);
    else break;
  }
  const DocId sep = levels.size() > 1 ? doc_.hardline() : doc_.line();
  std::vector<DocId> parts;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const Node lv = levels[i];
    if (i > 0) parts.push_back(doc_.space());
    std::vector<DocId> head;
    Node cons;
    for (const Child& c : fieldChildren(lv)) {
      if (c.field == fields().condition) {
        head.push_back(doc_.nest(doc_.concat({doc_.line(), expr(c.node)})));
        head.push_back(doc_.line());
      } else if (c.field == fields().consequence) {
        parts.push_back(doc_.group(doc_.concat(head)));
        parts.push_back(doc_.nest(doc_.concat({sep, expr(c.node)})));
        parts.push_back(sep);
      } else if (c.field == fields().alternative) {
        if (i + 1 == levels.size()) parts.push_back(doc_.nest(doc_.concat({sep, expr(c.node)})));
      } else if (c.node.is(S.t_else)) {
        parts.push_back(tok(c.node));
      } else {  // `if`, `then`
        head.push_back(tok(c.node));
      }
    }
  }
  return doc_.group(doc_.concat(parts));
}

DocId Builder::withExpr(Node n, bool absorb) {
  std::vector<DocId> head;
  const Node body = n.field(fields().body);
  for (Node k : childrenOf(n)) {
    if (k == body) break;
    if (k.isNamed()) {
      head.push_back(doc_.space());
      head.push_back(expr(k));
    } else {
      head.push_back(tok(k));
    }
  }
  if (absorb && absorbable(body)) {
    head.push_back(doc_.space());
    head.push_back(wrapAbsorbable(body, absorbableContent(body, true), false));
    return doc_.concat(head);
  }
  head.push_back(lineBefore(nextTokenStart(lastEnd_)));
  head.push_back(expr(body));
  return doc_.group(doc_.concat(head));
}

DocId Builder::assertExpr(Node n) {
  std::vector<DocId> parts;
  const Node body = n.field(fields().body);
  for (Node k : childrenOf(n)) {
    if (k == body) break;
    if (k.isNamed()) {
      parts.push_back(doc_.space());
      parts.push_back(expr(k));
    } else {
      parts.push_back(tok(k));
    }
  }
  parts.push_back(doc_.hardline());
  parts.push_back(expr(body));
  return doc_.concat(parts);
}

}  // namespace fw::fmt
