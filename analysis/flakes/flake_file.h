#pragma once
// What a flake.nix says, read from its syntax tree: the top-level
// attributes, each input (URL or attributes, `flake`, `follows`, overrides
// of its own inputs) with the ranges where it is written, and the outputs
// function's arguments. Nix itself requires `inputs` to be literal, so
// syntax is enough here.

#include <optional>
#include <string>
#include <vector>

#include "parser/syntax_tree.h"

namespace fw::flakes {

struct FlakeInputOverride {
  std::vector<std::string> path;  // inputs.crane.inputs.nixpkgs -> {"nixpkgs"}
  ByteRange nameRange;            // the last name (`nixpkgs`)
  std::optional<std::string> follows;
  ByteRange followsRange;         // the string's content
};

struct FlakeInputDecl {
  std::string name;
  ByteRange nameRange;  // first place the name is written
  std::vector<ByteRange> nameRanges;
  ByteRange declEnd;    // end of the last binding that declares it (for inlay hints)
  std::optional<std::string> url;
  ByteRange urlRange;   // content of the string
  Node urlNode;
  bool urlDynamic = false;  // url is not a plain string
  // Attribute form and other attributes: name -> (value text, content range).
  struct Attr {
    std::string name;
    ByteRange nameRange;
    std::optional<std::string> value;  // string value (booleans as "true"/"false")
    ByteRange valueRange;
    Node valueNode;
  };
  std::vector<Attr> attrs;
  std::optional<std::string> follows;
  ByteRange followsRange;
  bool flake = true;
  std::vector<FlakeInputOverride> overrides;

  [[nodiscard]] const Attr* attr(std::string_view n) const;
};

struct FlakeFormal {
  std::string name;
  ByteRange range;
  bool hasDefault = false;
};

struct FlakeTopAttr {
  std::string name;
  ByteRange nameRange;
  Node value;  // null for dotted (`inputs.x.url = …`) and inherit
  Node binding;
};

struct FlakeFile {
  bool isAttrset = false;  // the file is a set literal
  Node root;               // that set
  std::vector<FlakeTopAttr> top;
  std::vector<FlakeInputDecl> inputs;
  // The `inputs` attribute (first place), for diagnostics about all inputs.
  ByteRange inputsRange;
  // outputs = <function>
  Node outputsValue;
  ByteRange outputsNameRange;
  Node outputsFunction;  // the function_expression, when it is one
  bool outputsHasFormals = false;
  bool outputsEllipsis = false;
  std::vector<FlakeFormal> formals;
  std::string argName;  // `inputs@{ … }` or `inputs: …`
  ByteRange argRange;
  Node outputsBody;

  [[nodiscard]] const FlakeInputDecl* input(std::string_view name) const;
  [[nodiscard]] const FlakeFormal* formal(std::string_view name) const;
};

[[nodiscard]] FlakeFile readFlake(const SyntaxTree& tree);

// Whether a path is a flake.nix / flake.lock (by file name).
[[nodiscard]] bool isFlakeNix(std::string_view path);
[[nodiscard]] bool isFlakeLock(std::string_view path);
// dir/flake.lock for dir/flake.nix and the other way round.
[[nodiscard]] std::string siblingLock(std::string_view flakeNixPath);
[[nodiscard]] std::string siblingFlake(std::string_view flakeLockPath);

}  // namespace fw::flakes
