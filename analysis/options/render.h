#pragma once
// Option defaults and examples as the NixOS manual shows them: nixpkgs'
// renderOptionValue (a literalExpression or literalMD is kept; any other
// value is rendered like lib.generators.toPretty with multiline = true),
// except that the placeholders flakewise passes for `pkgs`, `config` and
// unknown module arguments show the expression they stand for
// (`pkgs.hello`, `config.networking.hostName`).
//
// Runs inside an evaluation (on its large stack); evaluation errors
// propagate as eval::EvalError.

#include <optional>
#include <string>

#include "analysis/eval/state.h"
#include "analysis/options/option_tree.h"

namespace fw::options {

struct RenderLimits {
  std::size_t maxBytes = 8192;  // longer renderings end in " …"
  unsigned maxDepth = 12;       // deeper values render as "…"
};

[[nodiscard]] Literal renderOptionValue(eval::EvalState& st, eval::Value v, const RenderLimits& limits = {});

// The expression a placeholder stands for, if `v` (forced) is one.
[[nodiscard]] std::optional<std::string> placeholderText(eval::EvalState& st, const eval::Value& v);

// Small helpers over forced values for the option code.
[[nodiscard]] const eval::Attr* findAttr(eval::EvalState& st, const eval::Value& set, std::string_view name);
// The string value of an attribute, if it is a string (or path) after forcing.
[[nodiscard]] std::optional<std::string> stringAttr(eval::EvalState& st, const eval::Value& set, std::string_view name);

}  // namespace fw::options
