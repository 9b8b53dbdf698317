#pragma once
// Syntax questions the flake and package features ask of Nix code: string
// literals and their content, attribute paths of bindings (flattened
// through nested set literals), the name a call's function is written
// with (`craneLib.buildPackage`), and the attribute set it is given.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/document_view.h"
#include "parser/node.h"

namespace fw {

// A string literal without interpolation: its value (escapes decoded) and
// the range of its content (inside the quotes).
struct StringLiteral {
  std::string value;
  ByteRange content;
};
[[nodiscard]] std::optional<StringLiteral> stringLiteral(Node n, std::string_view src);

// One binding of a set, with nested set literals flattened:
// `inputs = { a.url = "x"; };` gives {inputs, a, url} -> "x".
struct FlatBinding {
  std::vector<std::string_view> path;
  std::vector<ByteRange> pathRanges;  // each name's range
  Node value;                          // null for `inherit`
  Node binding;                        // the binding (or inherit) node
  bool inherited = false;              // `inherit a;` / `inherit (e) a;`
  Node inheritFrom;                    // `inherit (e) a;`: e
};
// Calls fn for every leaf binding under `set` (an attrset expression or a
// binding_set). Dynamic names stop the descent (the binding is skipped).
// `maxDepth` bounds the nesting followed.
void flattenBindings(Node set, std::string_view src, const std::function<void(const FlatBinding&)>& fn,
                     std::size_t maxDepth = 16);

// The direct bindings of a set literal by static name (first only), with
// `a.b = …` reported under `a` with a null value.
struct DirectBinding {
  std::string_view name;
  ByteRange nameRange;
  Node value;    // null for inherit or dotted bindings
  Node binding;  // binding or inherit node
};
[[nodiscard]] std::vector<DirectBinding> directBindings(Node set, std::string_view src);
[[nodiscard]] std::optional<DirectBinding> findBinding(Node set, std::string_view name, std::string_view src);

// `a.b.c` for a variable or a select chain with static names; nullopt for
// anything else (or `or` defaults).
[[nodiscard]] std::optional<std::string> dottedName(Node e, std::string_view src);

// For `f x`, `f rec { … }`, `f (finalAttrs: { … })`, `f (a // { … })`: the
// set literal that holds the arguments written at the call, if any.
[[nodiscard]] Node argumentSet(Node argument);

// Peels parentheses.
[[nodiscard]] Node unparen(Node e);

// The chain of `++`-joined list literals in an expression like
// `[ a ] ++ lib.optionals x [ b ]`: every list literal whose elements end
// up in the result (optional ones included).
[[nodiscard]] std::vector<Node> listLiteralsOf(Node e);

// The line's indentation (spaces and tabs) before `offset`.
[[nodiscard]] std::string indentationAt(std::string_view src, ByteOffset offset);

// Completion while a binding is being typed (`inputs.nixpkgs.`,
// `{ pname = "x"; ver`): the file then has a syntax error that can hide
// the sets around the cursor. This is a view of the text with a binding
// finished at `offset` (offsets before it are unchanged), or nullptr when
// the file parses already, the cursor is in a string, or it does not help.
[[nodiscard]] DocumentViewPtr completionView(const DocumentView& view, ByteOffset offset);

}  // namespace fw
