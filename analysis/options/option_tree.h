#pragma once
// The option schema of a workspace: every option its modules declare (and,
// when loaded, an external NixOS option set), as plain immutable data that
// editor features read without evaluating anything.
//
// Paths are lists of names; `<name>` stands for any attribute of an
// `attrsOf (submodule …)`, `*` for an element of a `listOf (submodule …)`
// and `<function body>` for the result of a `functionTo`, as in nixpkgs'
// option documentation.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parser/types.h"

namespace fw::options {

// A place in a file: byte range plus Nix's 1-based line and byte column.
struct SourcePos {
  std::string file;
  ByteRange range;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

// A value of an enum type, as it is written in Nix.
struct EnumValue {
  enum class Kind { String, Int, Bool, Other } kind = Kind::String;
  std::string text;  // the string itself, or the Nix literal (`3`, `true`)
  friend bool operator==(const EnumValue&, const EnumValue&) = default;
};

// What flakewise knows of an option type: nixpkgs' name and description,
// and what literal checks need.
struct NestedType;

struct OptionType {
  std::string name;         // "bool", "listOf", "strMatching \"[a-z]+\"", …
  std::string description;  // "16 bit unsigned integer; between 0 and 65535 (both inclusive)"
  bool known = true;        // false: the type could not be evaluated (e.g. `(pkgs.formats.toml { }).type`)
  std::vector<EnumValue> enumValues;
  std::optional<std::int64_t> min, max;  // integer bounds
  std::string pattern;                   // strMatching
  // Wrapped types: elemType (listOf, attrsOf, nullOr, unique, functionTo),
  // left and right (either), finalType and coercedType (coercedTo).
  // (Not std::pair: a pair of an incomplete type does not compile with
  // clang and libstdc++, which the sanitizer builds use.)
  std::vector<NestedType> nested;

  [[nodiscard]] const OptionType* nestedType(std::string_view role) const;
};

struct NestedType {
  NestedType(std::string role, OptionType type) : first(std::move(role)), second(std::move(type)) {}
  std::string first;  // the role: elemType, left, right, …
  OptionType second;
};

// A default or example as the documentation shows it.
struct Literal {
  enum class Kind { Expression, Markdown } kind = Kind::Expression;
  std::string text;
  friend bool operator==(const Literal&, const Literal&) = default;
};

enum class Visibility { Visible, Hidden, Shallow };
enum class OptionSource { Workspace, External };

struct Option {
  std::vector<std::string> loc;
  OptionType type;
  std::optional<Literal> defaultValue;
  std::optional<Literal> example;
  std::optional<std::string> description;
  bool readOnly = false;
  bool internal = false;
  Visibility visible = Visibility::Visible;
  // Where the option is declared: the name in its `options` set (file,
  // line, column), one per declaring module.
  std::vector<SourcePos> declarations;
  // The files of the declaring modules (nixpkgs' `declarations`).
  std::vector<std::string> declaringFiles;
  // mkRenamedOptionModule / mkAliasOptionModule: the option it forwards to;
  // `renamed` when defining it is deprecated (a warning in NixOS).
  std::optional<std::vector<std::string>> aliasOf;
  bool renamed = false;
  // mkRemovedOptionModule: NixOS's message for definitions of it.
  std::optional<std::string> removedMessage;
  OptionSource source = OptionSource::Workspace;

  [[nodiscard]] std::string path() const;
};

// A module that could not be evaluated (its options are missing).
struct ModuleFailure {
  std::string file;
  std::string message;
  std::optional<SourcePos> where;
};

// The tree of option names. An option can have children (the sub-options
// of its submodules); a node without an option is a namespace.
struct OptionNode {
  std::map<std::string, std::unique_ptr<OptionNode>, std::less<>> children;
  const Option* option = nullptr;
  // Submodules with a freeformType accept any attribute.
  bool freeform = false;
  [[nodiscard]] const OptionNode* child(std::string_view name) const;
};

class OptionTree {
 public:
  // Builds the tree over `options` (declarations of one path are merged).
  explicit OptionTree(std::vector<Option> options, std::vector<ModuleFailure> failures = {},
                      std::vector<std::vector<std::string>> freeformPaths = {});
  OptionTree(const OptionTree&) = delete;
  OptionTree& operator=(const OptionTree&) = delete;

  // Sorted by path.
  [[nodiscard]] const std::vector<Option>& options() const { return options_; }
  [[nodiscard]] const std::vector<ModuleFailure>& failures() const { return failures_; }
  [[nodiscard]] const OptionNode& root() const { return root_; }
  // Files whose modules were evaluated (workspace options only).
  std::vector<std::string> modules;

  // The node at `path`: exact names first, then `<name>` (any attribute of
  // an attrsOf submodule); a `*` segment (a list element) matches `*`.
  [[nodiscard]] const OptionNode* find(std::span<const std::string> path) const;
  [[nodiscard]] const Option* findOption(std::span<const std::string> path) const;
  // The option at `path` exactly as written (no wildcards), e.g. from
  // `Option::aliasOf`.
  [[nodiscard]] const Option* byPath(std::string_view shownPath) const;

  // Adds the options of `other` that this tree lacks (an external option
  // set under the workspace's own options).
  [[nodiscard]] std::shared_ptr<const OptionTree> mergedWith(const OptionTree& other) const;

  [[nodiscard]] std::size_t memoryBytes() const;

 private:
  std::vector<Option> options_;
  std::vector<ModuleFailure> failures_;
  std::vector<std::vector<std::string>> freeformPaths_;
  OptionNode root_;
};

using OptionTreePtr = std::shared_ptr<const OptionTree>;

// nixpkgs' showOption: names joined by dots, quoted unless they are
// identifiers or `<name>`, `*`, `<function body>`.
[[nodiscard]] std::string showOption(std::span<const std::string> loc);
// The inverse: "services.\"a.b\".port" -> ["services", "a.b", "port"].
[[nodiscard]] std::vector<std::string> parseOptionPath(std::string_view shown);
// `<name>`, `*` and `<function body>`: path segments that stand for any
// attribute, list element or function result.
[[nodiscard]] inline bool isWildcardName(std::string_view name) {
  return name == "<name>" || name == "*" || name == "<function body>";
}
// Whether `name` is a Nix identifier (no quoting needed).
[[nodiscard]] bool isNixIdentifier(std::string_view name);
// A Nix string literal for `s`, escaped as nixpkgs' escapeNixString.
[[nodiscard]] std::string nixString(std::string_view s);

}  // namespace fw::options
