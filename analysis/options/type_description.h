#pragma once
// Option types read back from their descriptions, for option sets that
// carry only the description (NixOS's options.json): "null or (list of
// string)" becomes nullOr (listOf str), with enum values and integer
// bounds, so that the same literal checks apply as to evaluated types.

#include <string_view>

#include "analysis/options/option_tree.h"

namespace fw::options {

[[nodiscard]] OptionType typeFromDescription(std::string_view description);

}  // namespace fw::options
