#pragma once
// A borrowed, cheap view of a tree-sitter node (like std::string_view: it
// must not outlive the SyntaxTree it came from), plus the grammar's symbol
// and field ids resolved once by name.

#include <tree_sitter/api.h>

#include <span>
#include <string_view>
#include <vector>

#include "parser/types.h"

namespace fw {

[[nodiscard]] const TSLanguage* nixLanguage();

// Symbol ids of the node types flakewise looks at. Anonymous tokens are
// named after their text.
struct Symbols {
  TSSymbol source_code, comment, identifier, keyword;
  TSSymbol variable_expression, integer_expression, float_expression, path_expression,
      hpath_expression, spath_expression, uri_expression, string_expression,
      indented_string_expression, string_fragment, escape_sequence, dollar_escape,
      interpolation, path_fragment;
  TSSymbol function_expression, formals, formal, ellipses, assert_expression, with_expression,
      let_expression, if_expression, has_attr_expression, unary_expression, binary_expression,
      apply_expression, select_expression, parenthesized_expression, attrset_expression,
      let_attrset_expression, rec_attrset_expression, list_expression;
  TSSymbol binding_set, binding, inherit, inherit_from, attrpath, inherited_attrs;
  // Anonymous tokens.
  TSSymbol t_semicolon, t_colon, t_comma, t_at, t_dot, t_eq, t_question, t_lbrace, t_rbrace,
      t_lparen, t_rparen, t_lbracket, t_rbracket, t_dquote, t_squote2, t_dollar_brace, t_let,
      t_in, t_rec, t_with, t_assert, t_if, t_then, t_else, t_inherit, t_or;
};
[[nodiscard]] const Symbols& syms();

struct Fields {
  TSFieldId alternative, argument, attr, attrpath, attrs, binding, body, condition, consequence,
      default_, element, ellipses, environment, expression, formal, formals, function, left, name,
      operator_, right, universal;
};
[[nodiscard]] const Fields& fields();

class Node {
 public:
  Node() : node_{} {}
  explicit Node(TSNode n) : node_(n) {}

  [[nodiscard]] bool isNull() const { return ts_node_is_null(node_); }
  explicit operator bool() const { return !isNull(); }
  [[nodiscard]] TSSymbol symbol() const { return ts_node_symbol(node_); }
  [[nodiscard]] bool is(TSSymbol s) const { return !isNull() && symbol() == s; }
  [[nodiscard]] const char* type() const { return ts_node_type(node_); }
  [[nodiscard]] bool isNamed() const { return ts_node_is_named(node_); }
  [[nodiscard]] bool isError() const { return symbol() == static_cast<TSSymbol>(-1); }
  [[nodiscard]] bool isMissing() const { return ts_node_is_missing(node_); }
  [[nodiscard]] bool hasError() const { return ts_node_has_error(node_); }

  [[nodiscard]] ByteOffset start() const { return ts_node_start_byte(node_); }
  [[nodiscard]] ByteOffset end() const { return ts_node_end_byte(node_); }
  [[nodiscard]] ByteRange range() const { return {start(), end()}; }
  [[nodiscard]] std::string_view text(std::string_view source) const {
    return source.substr(start(), end() - start());
  }

  [[nodiscard]] std::uint32_t childCount() const { return ts_node_child_count(node_); }
  [[nodiscard]] std::uint32_t namedChildCount() const { return ts_node_named_child_count(node_); }
  // O(index): prefer forEachChild for loops.
  [[nodiscard]] Node child(std::uint32_t i) const { return Node(ts_node_child(node_, i)); }
  [[nodiscard]] Node namedChild(std::uint32_t i) const { return Node(ts_node_named_child(node_, i)); }
  [[nodiscard]] Node field(TSFieldId f) const { return Node(ts_node_child_by_field_id(node_, f)); }
  [[nodiscard]] Node parent() const { return Node(ts_node_parent(node_)); }
  // Smallest named descendant spanning [start, end).
  [[nodiscard]] Node namedDescendant(ByteOffset start, ByteOffset end) const {
    return Node(ts_node_named_descendant_for_byte_range(node_, start, end));
  }
  [[nodiscard]] Node descendant(ByteOffset start, ByteOffset end) const {
    return Node(ts_node_descendant_for_byte_range(node_, start, end));
  }

  [[nodiscard]] TSNode raw() const { return node_; }
  friend bool operator==(const Node& a, const Node& b) { return ts_node_eq(a.node_, b.node_); }

 private:
  TSNode node_;
};

// Calls fn(Node child, TSFieldId field) for each direct child, in order, in
// O(children) (tree-sitter's ts_node_child is O(index)). Return false from fn
// to stop early. A null node has no children (tree-sitter's cursor would
// crash on it: found by fuzz_session in renameAttribute); the walks below
// visit nothing from a null root.
template <typename Fn>
void forEachChild(Node parent, Fn&& fn) {
  if (!parent) return;
  TSTreeCursor c = ts_tree_cursor_new(parent.raw());
  if (ts_tree_cursor_goto_first_child(&c)) {
    do {
      if (!fn(Node(ts_tree_cursor_current_node(&c)), ts_tree_cursor_current_field_id(&c))) break;
    } while (ts_tree_cursor_goto_next_sibling(&c));
  }
  ts_tree_cursor_delete(&c);
}

// Pre-order walk of the subtree without recursion (files may nest 100 000
// levels deep). fn(Node) returns true to descend into the node's children.
template <typename Fn>
void walk(Node root, Fn&& fn) {
  if (!root) return;
  TSTreeCursor c = ts_tree_cursor_new(root.raw());
  for (;;) {
    const bool descend = fn(Node(ts_tree_cursor_current_node(&c)));
    if (descend && ts_tree_cursor_goto_first_child(&c)) continue;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&c)) break;
      if (!ts_tree_cursor_goto_parent(&c)) {
        ts_tree_cursor_delete(&c);
        return;
      }
    }
  }
}

// Pre-order walk that also reports leaving each node: enter(Node, field)
// returns true to descend; exit(Node) runs after the node's children (or
// right after enter when it did not descend). Iterative.
template <typename Enter, typename Exit>
void walkEnterExit(Node root, Enter&& enter, Exit&& exit) {
  if (!root) return;
  TSTreeCursor c = ts_tree_cursor_new(root.raw());
  for (;;) {
    const Node n(ts_tree_cursor_current_node(&c));
    if (enter(n, ts_tree_cursor_current_field_id(&c)) && ts_tree_cursor_goto_first_child(&c))
      continue;
    exit(n);
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&c)) break;
      if (!ts_tree_cursor_goto_parent(&c)) {
        ts_tree_cursor_delete(&c);
        return;
      }
      exit(Node(ts_tree_cursor_current_node(&c)));
    }
  }
}

// Like walk, but fn(Node node, std::span<const Node> ancestors) also sees
// the chain of ancestors (root first). tree-sitter's ts_node_parent is
// O(depth) and unreliable for zero-width nodes; this is neither.
template <typename Fn>
void walkWithAncestors(Node root, Fn&& fn) {
  if (!root) return;
  std::vector<Node> stack;
  TSTreeCursor c = ts_tree_cursor_new(root.raw());
  for (;;) {
    const Node n(ts_tree_cursor_current_node(&c));
    const bool descend = fn(n, std::span<const Node>(stack));
    if (descend && ts_tree_cursor_goto_first_child(&c)) {
      stack.push_back(n);
      continue;
    }
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&c)) break;
      if (!ts_tree_cursor_goto_parent(&c)) {
        ts_tree_cursor_delete(&c);
        return;
      }
      stack.pop_back();
    }
  }
}

}  // namespace fw
