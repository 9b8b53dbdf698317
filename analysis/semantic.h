#pragma once
// Names and scopes of one file: which binding each variable refers to,
// what each binding is used by, and the lints that follow from that
// (undefined, unused, duplicate attributes, …).
//
// Built in one iterative pass over a complete SyntaxTree. Resolution
// follows Nix: lexical bindings (let, rec, function arguments) win over
// `with`, whatever the nesting; the global names (builtins, true, map, …)
// form the outermost lexical scope; a name found nowhere lexically belongs
// to the innermost enclosing `with`, and is undefined without one.

#include <memory>
#include <stop_token>
#include <string_view>
#include <vector>

#include "parser/syntax_tree.h"

namespace fw {

enum class ScopeKind { Let, Rec, LetAttrset, Lambda, With };

enum class DefKind {
  LetBinding,  // let a = …; (also `let a.b = …;` defines a)
  RecAttr,     // rec { a = …; }
  Formal,      // { a, b ? 1 }:
  LambdaArg,   // a: …
  PatternArg,  // args@{ … }: or { … }@args:
  Inherit,     // inherit a; / inherit (e) a; inside let or rec
};

struct Definition {
  std::string_view name;  // a view into the file's text
  ByteRange nameRange;
  DefKind kind = DefKind::LetBinding;
  Node node;        // the binding, formal or identifier that defines it
  Node value;       // the value expression, when there is one
  std::uint32_t scope = 0;
  std::uint32_t uses = 0;
  // inherit (e) a: the `e`; inherit a: null (the value is the outer `a`).
  Node inheritFrom;
  bool inheritOuter = false;  // `inherit a;`: refers to `a` outside the scope
};

struct Scope {
  ScopeKind kind = ScopeKind::Let;
  Node node;                // let_expression, rec set, function, with
  Node bindings;            // Let/Rec/LetAttrset: its binding_set
  std::int32_t parent = -1;  // enclosing scope, -1 for the file
  std::uint32_t firstDef = 0, endDef = 0;  // its definitions: defs[firstDef, endDef)
  std::uint32_t withUses = 0;              // With: references it may provide
  std::uint32_t withBodyRefs = 0;          // With: references in its body
};

struct Reference {
  enum class Target { Definition, With, Global, Undefined };
  ByteRange range;  // the identifier
  Target target = Target::Undefined;
  std::uint32_t index = 0;  // Definition: defs index; With: innermost with scope
};

class SemanticModel {
 public:
  std::vector<Scope> scopes;
  std::vector<Definition> defs;
  std::vector<Reference> refs;  // sorted by position
  std::vector<Diagnostic> diagnostics;

  // The reference whose identifier covers `offset` (end inclusive).
  [[nodiscard]] const Reference* referenceAt(ByteOffset offset) const;
  // The definition whose name covers `offset` (end inclusive).
  [[nodiscard]] const Definition* definitionAt(ByteOffset offset) const;
  // Indices into refs of the references to defs[def].
  [[nodiscard]] std::vector<std::uint32_t> referencesTo(std::uint32_t def) const;
  // Innermost-first chain of scopes around `offset`.
  [[nodiscard]] std::vector<std::uint32_t> scopesAt(ByteOffset offset) const;

  // Sorted by nameRange.start, for definitionAt.
  std::vector<std::uint32_t> defsByPosition;
};

struct SemanticConfig {
  // Stop early when asked; the model is then incomplete.
  std::stop_token stop;
};

[[nodiscard]] std::shared_ptr<const SemanticModel> buildSemanticModel(const SyntaxTree& tree,
                                                                      const SemanticConfig& cfg = {});

}  // namespace fw
