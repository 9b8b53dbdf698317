#pragma once
// NixOS modules as syntax: which expressions of a file are modules, where
// their definitions are, and the option path of every definition and read.
// Used by the editor features, which must answer from syntax and a cached
// option tree without evaluating anything.
//
// A module is the file itself when it has a module's shape (a function of
// `{ config, lib, pkgs, ... }` returning a set, or a set with `options`,
// `config` or `imports`), or an expression inside a file: the values of
// `nixosModules.*` (and home-manager, darwin, flake-parts module sets), the
// elements of `modules = [ … ]` and `imports = [ … ]`, and the `nodes.*` of
// NixOS tests.
//
// Definitions are walked the way the module system reads them: through
// nested sets and dotted names, `mkIf c { … }`, `mkMerge [ … ]`,
// `mkDefault`/`mkForce`/`mkOverride n`/`mkBefore`/`mkAfter`/`mkOrder n`,
// `if … then … else …`, `//`, `let`, `with` and parentheses; list elements
// add `*` to the path and functions (submodule values) are entered.

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parser/document_view.h"
#include "parser/syntax_tree.h"

namespace fw::options {

struct ModuleSyntax {
  Node expr;      // the module expression
  Node function;  // the function_expression, if the module is one
  Node body;      // the set the module evaluates to
  bool wholeFile = false;
  bool explicitForm = false;  // has `config` or `options`
  Node configValue;           // explicit form: the value of `config = …`
  Node optionsValue;          // the value of `options = …`
  bool hasImports = false;
  // The names the function binds `config` and `options` to (usually
  // "config" and "options"); empty when it does not take them.
  std::string configArg, optionsArg;
};

// Keys of a module set that are not definitions.
[[nodiscard]] bool isModuleKeyword(std::string_view key);

// Whether the file's top-level expression has a module's shape.
[[nodiscard]] std::optional<ModuleSyntax> fileModule(const SyntaxTree& tree);
// Every module of the file: the file itself, then inline modules.
[[nodiscard]] std::vector<ModuleSyntax> findModules(Node root, std::string_view src);

// A name in an option path as written: identifiers, "strings" and
// ${"static"} names; an interpolated name is dynamic (it stands for any
// attribute) and a list element is "*".
struct PathSegment {
  std::string name;  // "<dynamic>" for interpolations
  ByteRange range;   // where it is written (empty for list elements)
  bool dynamic = false;
};
using SegmentPath = std::vector<PathSegment>;
[[nodiscard]] std::vector<std::string> names(const SegmentPath& path);
// The path to look up in an option tree: dynamic names become `<name>`.
[[nodiscard]] std::vector<std::string> lookupPath(const SegmentPath& path);

// One definition: a binding inside a module's definitions.
struct DefinitionSite {
  SegmentPath path;  // the full path of the binding's last name
  Node binding;      // binding (or inherit)
  Node value;        // its value expression (null for `inherit`)
};

// Calls fn for every binding in the definitions of `m`, outermost first.
void forEachDefinition(const ModuleSyntax& m, std::string_view src,
                       const std::function<void(const DefinitionSite&)>& fn);

// The value expressions a definition sets, seen through mkDefault,
// mkForce, mkOverride, mkIf (its content), mkBefore/mkAfter/mkOrder,
// if-then-else (both branches), parentheses, let and with. Empty when the
// value is a mkMerge.
[[nodiscard]] std::vector<Node> definedValues(Node value, std::string_view src);

// What is at an offset of a document, for option features.
struct OptionContext {
  enum class Kind {
    None,
    Name,   // a name of a definition is being written: `services.foo.<here>`, `{ <here> }`
    Value,  // inside the value of a definition: `enable = <here>;`
    Read,   // a name in `config.a.b`, `cfg.b` (cfg = config.a), `inherit (cfg) b`
  } kind = Kind::None;
  // Name: the path of the names before the one at the offset (the set
  // being completed). Value: the path of the definition. Read: the path
  // up to and including the name at the offset.
  SegmentPath path;
  // Name and Read: the name at the offset (its range; empty when nothing
  // is typed yet) and, for hover, its text.
  ByteRange word;
  std::string typed;
  bool options = false;  // Read through the `options` argument (the option itself)
  Node valueNode;        // Value: the expression at the offset
};

[[nodiscard]] OptionContext optionContextAt(const DocumentView& view, ByteOffset offset);

// The option path of a name in a module's declarations (`options = { … }`,
// `options.a.b = …`), through nested sets, dotted names and `//`; up to and
// including the name at the offset. nullopt elsewhere.
[[nodiscard]] std::optional<SegmentPath> declarationPathAt(const SyntaxTree& tree, ByteOffset offset);

// Reads of options in a file: `config.a.b`, `cfg.b` where `cfg` is bound
// to `config.a`, `inherit (cfg) b;`, and `options.a.b`. Each read has the
// full path of its last name.
struct OptionRead {
  SegmentPath path;
  bool options = false;
};
void forEachRead(Node root, std::string_view src, const std::function<void(const OptionRead&)>& fn);

// Resolves selections to option paths, remembering what names such as
// `cfg` stand for. `root` is the file's root node.
class ReadResolver {
 public:
  ReadResolver(Node root, std::string_view src) : root_(root), src_(src) {}
  // The option path `e` (a selection or a variable) reads, if it starts at
  // the `config` or `options` argument or a name bound to a read.
  // `ancestors`: the nodes around `e`, root first.
  [[nodiscard]] std::optional<OptionRead> resolve(Node e, std::span<const Node> ancestors, int depth = 0);
  // The reads of a selection or an `inherit (…) names;` node.
  void readsOf(Node n, std::span<const Node> ancestors, const std::function<void(const OptionRead&)>& fn);

 private:
  Node root_;
  std::string_view src_;
  std::map<ByteOffset, std::optional<OptionRead>> memo_;
};

}  // namespace fw::options
