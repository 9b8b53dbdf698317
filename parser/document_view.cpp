#include "parser/document_view.h"

#include <algorithm>

#include "parser/nesting.h"
#include "parser/normalize.h"

namespace fw {

void descendTo(Node root, ByteOffset offset, std::vector<Node>& path) {
  // goto_first_child_for_byte skips whole hidden subtrees, so a step costs
  // O(log children) even in a set of 20,000 bindings.
  TSTreeCursor c = ts_tree_cursor_new(root.raw());
  for (;;) {
    path.push_back(Node(ts_tree_cursor_current_node(&c)));
    // The first child that ends at or after the offset. (tree-sitter 0.20
    // stops at the first child with end >= goal, later versions at end >
    // goal: asking for offset - 1 and skipping forward suits both.)
    if (ts_tree_cursor_goto_first_child_for_byte(&c, offset > 0 ? offset - 1 : 0) < 0) break;
    Node k(ts_tree_cursor_current_node(&c));
    // Children that end before the offset, and zero-width (missing) nodes,
    // hold no offset.
    while ((k.end() < offset || (k.range().length() == 0 && k.end() <= offset)) &&
           ts_tree_cursor_goto_next_sibling(&c))
      k = Node(ts_tree_cursor_current_node(&c));
    if (k.range().length() == 0 || k.end() < offset) break;
    if (k.end() == offset) {
      // k ends at the cursor; the next child may start there. A word that
      // ends at the cursor beats punctuation that starts there.
      if (ts_tree_cursor_goto_next_sibling(&c)) {
        const Node next(ts_tree_cursor_current_node(&c));
        if (next.range().contains(offset) && next.isNamed()) continue;
        ts_tree_cursor_goto_parent(&c);
        ts_tree_cursor_goto_first_child_for_byte(&c, offset - 1);
        for (Node back(ts_tree_cursor_current_node(&c));
             (back.end() < offset || back.range().length() == 0) && ts_tree_cursor_goto_next_sibling(&c);
             back = Node(ts_tree_cursor_current_node(&c))) {
        }
      }
      continue;
    }
    if (!k.range().contains(offset)) break;
  }
  ts_tree_cursor_delete(&c);
}

DocumentView::DocumentView(Private, std::string text, SyntaxTreePtr full, TreePtr shadow,
                           TreePtr local, ByteRange region, bool regionClean)
    : text_(std::move(text)),
      lines_(text_),
      full_(std::move(full)),
      shadow_(std::move(shadow)),
      local_(std::move(local)),
      region_(region),
      regionClean_(regionClean) {}

DocumentViewPtr DocumentView::exact(SyntaxTreePtr tree) {
  return std::make_shared<const DocumentView>(Private{}, std::string(), std::move(tree), nullptr,
                                              nullptr, ByteRange{}, true);
}

namespace {

// Serves the region's bytes, with the wrapping delimiters, to tree-sitter.
struct RegionInput {
  std::string bytes;  // open + region text (normalised) + close
  ByteOffset base;    // document offset of bytes[0]
};

const char* readRegion(void* payload, uint32_t byte, TSPoint, uint32_t* read) {
  const auto* in = static_cast<const RegionInput*>(payload);
  if (byte < in->base || byte >= in->base + in->bytes.size()) {
    *read = 0;
    return "";
  }
  *read = static_cast<uint32_t>(in->base + in->bytes.size() - byte);
  return in->bytes.data() + (byte - in->base);
}

bool isRepetition(Node n) {
  const Symbols& s = syms();
  return (n.is(s.binding_set) || n.is(s.list_expression)) &&
         n.namedChildCount() >= kLongRepetition;
}

}  // namespace

DocumentViewPtr DocumentView::provisional(std::span<const ByteEdit> edits) const {
  std::string text = this->text();
  TreePtr shadow(ts_tree_copy(shadowTree()));
  applyByteEdits(text, lines(), edits, shadow.get(), nullptr);
  auto noRegion = [&] {
    return std::make_shared<const DocumentView>(Private{}, std::move(text), nullptr,
                                                std::move(shadow), nullptr, ByteRange{}, false);
  };
  // One change per notification is what editors send while typing; other
  // shapes wait for the full reparse.
  if (edits.size() != 1 || (full_ && !full_->parsed())) return noRegion();
  const ByteOffset s = edits[0].start;
  const auto e = static_cast<ByteOffset>(s + edits[0].text.size());

  // The deepest long repetition whose inside holds the edit.
  const Node root(ts_tree_root_node(shadow.get()));
  Node rep;
  {
    std::vector<Node> path;
    descendTo(root, s, path);
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      if (!isRepetition(*it)) continue;
      const bool list = it->is(syms().list_expression);
      // A list's own brackets must stay outside the edit.
      if (list ? (it->start() < s && e < it->end()) : (it->start() <= s && e <= it->end())) {
        rep = *it;
        break;
      }
    }
  }
  if (!rep) return noRegion();
  const bool list = rep.is(syms().list_expression);

  // The members the edit touches (inclusive at both ends: a token typed
  // against a member may merge with it).
  ByteOffset lo = s, hi = e;
  {
    TSTreeCursor c = ts_tree_cursor_new(rep.raw());
    if (ts_tree_cursor_goto_first_child_for_byte(&c, s > 0 ? s - 1 : 0) >= 0) {
      do {
        const Node m(ts_tree_cursor_current_node(&c));
        if (m.start() > e) break;
        if (!m.isNamed() || m.end() < s) continue;  // list brackets
        lo = std::min(lo, m.start());
        hi = std::max(hi, m.end());
      } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
  }
  // Room for the wrapping delimiters, inside the repetition's parent.
  if (lo == 0 || hi >= text.size()) return noRegion();
  if (list && (lo <= rep.start() || hi >= rep.end())) return noRegion();
  // What tree-sitter cannot parse safely (parser/nesting.h) waits for the
  // full parse, which stops where Nix does.
  if (findTooDeepNesting(std::string_view(text).substr(lo, hi - lo)) != std::string_view::npos) return noRegion();

  auto view = std::make_shared<DocumentView>(Private{}, std::move(text), nullptr,
                                             std::move(shadow), nullptr, ByteRange{lo, hi}, false);
  const std::string_view body = std::string_view(view->text_).substr(lo, hi - lo);
  RegionInput in;
  in.base = lo - 1;
  in.bytes.reserve(body.size() + 2);
  in.bytes += list ? '[' : '{';
  in.bytes += applyNormalisation(body, findNormalisations(body));
  in.bytes += list ? ']' : '}';
  const TsPoint p0 = view->lines_.tsPoint(lo - 1);
  const TsPoint p1 = view->lines_.tsPoint(hi + 1);
  const TSRange range{{p0.row, p0.column}, {p1.row, p1.column}, lo - 1, hi + 1};
  ParserPtr parser(ts_parser_new());
  ts_parser_set_language(parser.get(), nixLanguage());
  ts_parser_set_included_ranges(parser.get(), &range, 1);
  const TSInput input{&in, readRegion, TSInputEncodingUTF8};
  TreePtr local(ts_parser_parse(parser.get(), nullptr, input));
  view->regionClean_ = local && !ts_node_has_error(ts_tree_root_node(local.get()));
  view->local_ = std::move(local);
  return view;
}

std::vector<Node> DocumentView::pathAt(ByteOffset offset) const {
  std::vector<Node> path;
  offset = std::min<ByteOffset>(offset, static_cast<ByteOffset>(text().size()));
  if (full_) {
    descendTo(full_->root(), offset, path);
    return path;
  }
  descendTo(Node(ts_tree_root_node(shadow_.get())), offset, path);
  if (!local_ || offset < region_.start || offset > region_.end) return path;
  // Keep the previous tree's nodes down to the long repetition; below it,
  // the region's fresh nodes. The wrappers of the region parse (root,
  // attrset or list, binding set) reach past the region and are dropped.
  const Symbols& s = syms();
  auto cut = std::find_if(path.begin(), path.end(), [&](const Node& n) {
    return (n.is(s.binding_set) || n.is(s.list_expression)) && n.start() <= region_.start &&
           region_.end <= n.end() && n.namedChildCount() >= kLongRepetition;
  });
  if (cut == path.end()) return path;
  const bool list = cut->is(s.list_expression);
  path.erase(cut + 1, path.end());
  std::vector<Node> local;
  descendTo(Node(ts_tree_root_node(local_.get())), offset, local);
  // The region parse wraps the members: source_code > attrset_expression >
  // binding_set, or source_code > list_expression. Those stand for the
  // repetition we already have.
  std::size_t skip = 0;
  if (list) {
    if (local.size() > 1 && local[1].is(s.list_expression)) skip = 2;
  } else if (local.size() > 2 && local[1].is(s.attrset_expression) && local[2].is(s.binding_set)) {
    skip = 3;
  }
  for (std::size_t i = skip; i < local.size(); ++i) {
    const Node& n = local[i];
    if (n.start() >= region_.start && n.end() <= region_.end) path.push_back(n);
  }
  return path;
}

}  // namespace fw
