#pragma once
// Option trees and JSON: the objects `flakewise options --format json` and
// `flakewise/optionTree` print, and NixOS's options.json (the file the
// NixOS manual is built from) read as an external option set.

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/options/option_tree.h"

namespace fw::server {

// {"path", "loc", "type", "description", "default", "example", "readOnly",
//  "internal", "visible", "declarations": [{"file", "line", "column"}], …}
// with defaults and examples as nixpkgs renders them
// ({"_type": "literalExpression", "text": …}). `file` maps a declaration's
// file for display.
[[nodiscard]] nlohmann::json optionToJson(const options::Option& o,
                                          const std::function<std::string(const std::string&)>& file);

// Continuation lines indented by `indent` (for the text format).
[[nodiscard]] std::string indentLines(const std::string& text, const std::string& indent);

// Reads an options.json (an object keyed by option name, as
// nixos/lib/make-options-doc writes it). Options get OptionSource::External
// and types parsed back from their descriptions. nullopt with `error` for
// a file that is not such JSON.
[[nodiscard]] std::optional<options::OptionTreePtr> loadOptionsJson(const std::string& text, std::string& error);

}  // namespace fw::server
