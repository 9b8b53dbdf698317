#pragma once
// Signature help for calls of functions with formals: with the cursor in
// the argument set of `f { … }`, the attributes `f` expects, which are
// already given, which have defaults, and which one is being typed.
//
// `f` may be a local binding, a lambda written inline, the function a file
// evaluates to, reached through `import ./file.nix` or
// `callPackage ./file.nix` (also `pkgs.callPackage`, `self.callPackage`…),
// or an attribute of a known set (`lib.greet` where `lib = { … }` or
// `lib = import ./lib.nix`; `inherit (lib) greet;`).
// Works while typing: `f {` with no closing brace, or a half-written
// binding, parses with errors; the argument's bindings are then read
// lexically from the `{`.

#include <optional>
#include <string>
#include <vector>

#include "analysis/navigation.h"

namespace fw {

struct SignatureParameter {
  std::string name;
  // Where the name is in SignatureHelpResult::label (bytes).
  std::uint32_t labelStart = 0;
  std::uint32_t labelEnd = 0;
  std::string defaultText;  // the default's source, shortened; empty when required
  bool hasDefault = false;
  bool given = false;         // the argument set already has this attribute
  std::string documentation;  // "required", "default: `1`", "…; already given"
};

struct SignatureHelpResult {
  std::string label;          // e.g. "mkThing { name, version ? …, ... }"
  std::string documentation;  // markdown: where the function is, what is missing
  std::vector<SignatureParameter> parameters;
  // The formal being typed, else the first one still missing; none when
  // every formal is given or the attribute being typed is not a formal.
  std::optional<std::uint32_t> activeParameter;
};

[[nodiscard]] std::optional<SignatureHelpResult> signatureHelp(const DocumentView& view,
                                                               ByteOffset offset,
                                                               const FeatureContext& ctx);

}  // namespace fw
