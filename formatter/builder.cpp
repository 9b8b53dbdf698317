#include "formatter/builder.h"

#include <algorithm>

#include <functional>

namespace fw::fmt {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

CommentInfo::Directive directiveOf(std::string_view text) {
  if (text.empty() || text[0] != '#') return CommentInfo::Directive::None;
  std::string_view t = text.substr(1);
  while (!t.empty() && isSpace(t.front())) t.remove_prefix(1);
  while (!t.empty() && isSpace(t.back())) t.remove_suffix(1);
  if (t == "flakewise: off") return CommentInfo::Directive::Off;
  if (t == "flakewise: on") return CommentInfo::Directive::On;
  return CommentInfo::Directive::None;
}

}  // namespace

std::vector<Node> childrenOf(Node n) {
  std::vector<Node> out;
  const TSSymbol comment = syms().comment;
  forEachChild(n, [&](Node c, TSFieldId) {
    // Zero-width MISSING nodes (tree-sitter's recovery where Nix accepts
    // the text, e.g. `inherit ;`) print as nothing.
    if (c.symbol() != comment && !c.isMissing()) out.push_back(c);
    return true;
  });
  return out;
}

std::vector<CommentInfo> collectComments(const SyntaxTree& tree) {
  std::vector<CommentInfo> out;
  const std::string_view src = tree.text();
  const TSSymbol comment = syms().comment;
  const TSSymbol str = syms().string_expression;
  const TSSymbol istr = syms().indented_string_expression;
  walk(tree.root(), [&](Node n) {
    const TSSymbol s = n.symbol();
    if (s == comment) {
      CommentInfo c;
      c.start = n.start();
      c.end = n.end();
      const std::string_view text = n.text(src);
      c.lineComment = !text.empty() && text[0] == '#';
      // A line comment ends before its line break (tree-sitter may include
      // a CR of a CR LF pair).
      while (c.lineComment && c.end > c.start && isSpace(src[c.end - 1])) --c.end;
      ByteOffset i = c.start;
      while (i > 0 && isBlank(src[i - 1])) --i;
      c.ownLine = i == 0 || src[i - 1] == '\n' || src[i - 1] == '\r';
      if (c.lineComment) c.directive = directiveOf(src.substr(c.start, c.end - c.start));
      out.push_back(c);
      return false;
    }
    // Nothing inside strings is a comment.
    return s != str && s != istr;
  });
  std::sort(out.begin(), out.end(),
            [](const CommentInfo& a, const CommentInfo& b) { return a.start < b.start; });
  return out;
}

Builder::Builder(const SyntaxTree& tree, Doc& doc, std::vector<CommentInfo> comments)
    : tree_(tree), src_(tree.text()), doc_(doc), S(syms()), comments_(std::move(comments)) {
  findVerbatimItems();
}

// ---------------------------------------------------------------- comments

bool Builder::blankBefore(ByteOffset offset) const {
  // Line breaks in the whitespace just before `offset` ("\r\n" is one).
  int breaks = 0;
  ByteOffset i = offset;
  while (i > 0) {
    const char c = src_[i - 1];
    if (c == '\n') {
      ++breaks;
      --i;
      if (i > 0 && src_[i - 1] == '\r') --i;
    } else if (c == '\r') {
      ++breaks;
      --i;
    } else if (isBlank(c)) {
      --i;
    } else {
      break;
    }
  }
  return breaks >= 2;
}

bool Builder::sameLine(ByteOffset a, ByteOffset b) const {
  if (a > b) std::swap(a, b);
  for (ByteOffset i = a; i < b; ++i)
    if (src_[i] == '\n' || src_[i] == '\r') return false;
  return true;
}

bool Builder::hasComment(ByteOffset from, ByteOffset to) const {
  auto it = std::lower_bound(comments_.begin(), comments_.end(), from,
                             [](const CommentInfo& c, ByteOffset o) { return c.start < o; });
  return it != comments_.end() && it->start < to;
}

DocId Builder::commentDoc(const CommentInfo& c) {
  const std::string_view text = src_.substr(c.start, c.end - c.start);
  return c.lineComment ? doc_.text(text) : doc_.verbatim(text);
}

void Builder::skipCommentsBefore(ByteOffset limit) {
  while (next_ < comments_.size() && comments_[next_].start < limit) ++next_;
}

DocId Builder::leading(ByteOffset limit) {
  limit = std::min(limit, limit_);
  std::vector<DocId> parts;
  while (next_ < comments_.size() && comments_[next_].start < limit) {
    const CommentInfo& c = comments_[next_++];
    if (c.start < lastEnd_) continue;  // inside text already emitted as written
    if (!c.ownLine) {
      parts.push_back(doc_.space());
      parts.push_back(commentDoc(c));
      if (c.lineComment) parts.push_back(doc_.hardline());
    } else {
      const bool blank = blankBefore(c.start) && (lastWasComment_ || (itemStart_ && !itemFirst_));
      parts.push_back(blank ? doc_.emptyline() : doc_.hardline());
      parts.push_back(commentDoc(c));
      // A block comment followed on its line by code stays before it.
      ByteOffset k = c.end;
      while (k < src_.size() && isBlank(src_[k])) ++k;
      const bool inlineNext = !c.lineComment && k < src_.size() && src_[k] != '\n' &&
                              src_[k] != '\r' && src_[k] != '#';
      parts.push_back(inlineNext ? doc_.space() : doc_.hardline());
    }
    lastEnd_ = c.end;
    lastWasComment_ = true;
  }
  return doc_.concat(parts);
}

DocId Builder::trailingAfterToken() {
  std::vector<DocId> parts;
  while (next_ < comments_.size()) {
    const CommentInfo& c = comments_[next_];
    if (c.start < lastEnd_ || c.ownLine || c.start >= limit_) break;
    bool gapBlank = true;
    for (ByteOffset i = lastEnd_; i < c.start; ++i) gapBlank = gapBlank && isBlank(src_[i]);
    if (!gapBlank) break;
    parts.push_back(doc_.space());
    parts.push_back(commentDoc(c));
    if (c.lineComment) parts.push_back(doc_.hardline());
    lastEnd_ = c.end;
    lastWasComment_ = true;
    ++next_;
  }
  return doc_.concat(parts);
}

DocId Builder::trailingBefore(ByteOffset limit) {
  limit = std::min(limit, limit_);
  std::vector<DocId> parts;
  while (next_ < comments_.size()) {
    const CommentInfo& c = comments_[next_];
    if (c.start >= limit || c.ownLine) break;
    parts.push_back(doc_.space());
    parts.push_back(commentDoc(c));
    if (c.lineComment) parts.push_back(doc_.hardline());
    lastEnd_ = std::max(lastEnd_, c.end);
    lastWasComment_ = true;
    ++next_;
  }
  return doc_.concat(parts);
}

DocId Builder::closing(ByteOffset limit) {
  // Comments before a closing bracket belong inside, after the last item.
  beginItem(false);
  const DocId d = leading(limit);
  itemStart_ = false;
  return d;
}

DocId Builder::emitToken(ByteOffset start, ByteOffset end, bool verbatim) {
  std::vector<DocId> parts;
  parts.push_back(leading(start));
  const bool afterComment = lastWasComment_;
  if (blankBefore(start) && (afterComment || (itemStart_ && !itemFirst_))) {
    parts.push_back(doc_.emptyline());
  }
  const std::string_view text = src_.substr(start, end - start);
  parts.push_back(verbatim ? doc_.verbatim(text) : doc_.text(text));
  if (verbatim) skipCommentsBefore(end);
  lastEnd_ = end;
  lastWasComment_ = false;
  itemStart_ = false;
  if (end != noTrailAt_) parts.push_back(trailingAfterToken());
  return doc_.concat(parts);
}

DocId Builder::tok(Node n) { return emitToken(n.start(), n.end(), false); }

DocId Builder::tokVerbatim(Node n) { return emitToken(n.start(), n.end(), true); }

// ---------------------------------------------------------------- entry points

DocId Builder::file() {
  const Node root = tree_.root();
  std::vector<Node> items = childrenOf(root);
  std::vector<DocId> parts;
  parts.push_back(sequence(items, doc_.hardline(), [&](Node n) { return expr(n); }));
  beginItem(items.empty());
  parts.push_back(leading(static_cast<ByteOffset>(src_.size())));
  return doc_.concat(parts);
}

DocId Builder::unit(Node n) {
  // Start the comment cursor at the unit: comments before it stay where
  // they are, outside the edited range.
  next_ = static_cast<std::size_t>(
      std::lower_bound(comments_.begin(), comments_.end(), n.start(),
                       [](const CommentInfo& c, ByteOffset o) { return c.start < o; }) -
      comments_.begin());
  lastEnd_ = n.start();
  limit_ = n.end();
  DocId d;
  if (isVerbatimItem(n)) {
    d = keptItem(n);
  } else if (n.is(S.binding) || n.is(S.inherit) || n.is(S.inherit_from)) {
    d = bindingItem(n);
  } else {
    d = expr(n);
  }
  return d;
}

}  // namespace fw::fmt

namespace fw::fmt {

// ---------------------------------------------------------------- sequences

namespace {

bool isContainer(Node n) {
  const Symbols& S = syms();
  const TSSymbol s = n.symbol();
  return s == S.attrset_expression || s == S.rec_attrset_expression ||
         s == S.let_attrset_expression || s == S.let_expression || s == S.list_expression ||
         s == S.formals || s == S.source_code;
}

// The items of a sequence container: bindings, elements, formals, or the
// root expression.
std::vector<Node> containerItems(Node n) {
  const Symbols& S = syms();
  std::vector<Node> out;
  for (Node c : childrenOf(n)) {
    if (c.is(S.binding_set)) {
      for (Node b : childrenOf(c)) out.push_back(b);
    } else if (c.isNamed() && !n.is(S.let_expression) && !c.is(S.identifier) && !c.is(S.keyword)) {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

void Builder::findVerbatimItems() {
  for (const CommentInfo& c : comments_) {
    if (c.directive != CommentInfo::Directive::Off) continue;
    // The innermost sequence around the directive. Between its items the
    // sequence itself honours the directive; inside an item, that whole
    // item is kept as written.
    Node n = tree_.root().descendant(c.start, c.end);
    for (Node p = n.parent(); p; p = p.parent()) {
      if (!isContainer(p)) continue;
      Node trailed;
      for (Node item : containerItems(p)) {
        if (item.start() <= c.start && c.end <= item.end()) {
          verbatimItems_.insert({item.start(), item.end()});
          break;
        }
        // A directive at the end of an item's line keeps that item.
        if (!c.ownLine && item.end() <= c.start && sameLine(item.end(), c.start)) trailed = item;
      }
      if (trailed) verbatimItems_.insert({trailed.start(), trailed.end()});
      break;
    }
  }
}

bool Builder::isVerbatimItem(Node n) const { return verbatimItems_.count({n.start(), n.end()}) > 0; }

ByteOffset Builder::endWithTrailingComments(ByteOffset end) const {
  auto it = std::lower_bound(comments_.begin(), comments_.end(), end,
                             [](const CommentInfo& c, ByteOffset o) { return c.start < o; });
  for (; it != comments_.end() && !it->ownLine && it->start < limit_; ++it) {
    for (ByteOffset i = end; i < it->start; ++i)
      if (!isBlank(src_[i])) return end;
    end = it->end;
  }
  return end;
}

DocId Builder::keptItem(Node item) {
  // The item exactly as written (its first line follows the formatter's
  // indentation; the lines after it are kept as they are).
  return emitToken(item.start(), item.end(), true);
}

DocId Builder::item(Node n, const std::function<DocId(Node)>& build) {
  // Comments before and after the item stay outside its groups, so that
  // they do not force the item itself onto several lines.
  const DocId before = leading(n.start());
  DocId blank = 0;
  if (blankBefore(n.start()) && (lastWasComment_ || (itemStart_ && !itemFirst_))) {
    blank = doc_.emptyline();
  }
  lastWasComment_ = false;
  itemStart_ = false;
  const ByteOffset savedNoTrail = noTrailAt_;
  noTrailAt_ = n.end();
  const DocId d = isVerbatimItem(n) ? keptItem(n) : build(n);
  noTrailAt_ = savedNoTrail;
  const DocId after = lastEnd_ == n.end() ? trailingAfterToken() : doc_.empty();
  return doc_.concat({before, blank, d, after});
}

DocId Builder::sequence(std::span<const Node> items, DocId sep,
                        const std::function<DocId(Node)>& build) {
  std::vector<DocId> parts;
  for (std::size_t i = 0; i < items.size();) {
    if (i > 0) parts.push_back(sep);
    beginItem(i == 0);
    // A `# flakewise: off` before this item keeps it, and the items after
    // it up to a `# flakewise: on`, exactly as written.
    const CommentInfo* off = nullptr;
    for (std::size_t k = next_; k < comments_.size() && comments_[k].start < items[i].start(); ++k) {
      if (comments_[k].directive == CommentInfo::Directive::Off && comments_[k].start >= lastEnd_) {
        off = &comments_[k];
        break;
      }
    }
    if (off == nullptr) {
      parts.push_back(item(items[i], build));
      ++i;
      continue;
    }
    std::size_t j = i;
    auto onBetween = [&](ByteOffset from, ByteOffset to) {
      for (const CommentInfo& c : comments_)
        if (c.start >= from && c.start < to && c.directive == CommentInfo::Directive::On) return true;
      return false;
    };
    while (j + 1 < items.size() && !onBetween(items[j].end(), items[j + 1].start())) ++j;
    parts.push_back(leading(off->start));
    const ByteOffset end = endWithTrailingComments(items[j].end());
    if (off->ownLine) {
      ByteOffset lineStart = off->start;
      while (lineStart > 0 && isBlank(src_[lineStart - 1])) --lineStart;
      if (!itemFirst_ && !lastWasComment_ && blankBefore(lineStart)) parts.push_back(doc_.emptyline());
      if (lastWasComment_ && blankBefore(lineStart)) parts.push_back(doc_.emptyline());
      parts.push_back(doc_.hardline());
      parts.push_back(doc_.raw(src_.substr(lineStart, end - lineStart)));
    } else {
      parts.push_back(doc_.space());
      parts.push_back(doc_.verbatim(src_.substr(off->start, end - off->start)));
    }
    skipCommentsBefore(end);
    lastEnd_ = end;
    lastWasComment_ = false;
    itemStart_ = false;
    i = j + 1;
  }
  return doc_.concat(parts);
}

}  // namespace fw::fmt
