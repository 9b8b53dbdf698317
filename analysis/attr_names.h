#pragma once
// Static names of attributes: what Nix knows at parse time.

#include <optional>
#include <string_view>

#include "parser/node.h"

namespace fw {

// The name an attribute node (identifier, "string", or ${"string"}) stands
// for when it is static; nullopt when it is interpolated or needs escape
// decoding. The view points into `src`.
[[nodiscard]] std::optional<std::string_view> staticAttrName(Node attr, std::string_view src);

}  // namespace fw
