#pragma once
// References of attributes across files: `lib.greet` in every file that
// imports lib.nix leads back to `greet = …;` there. Only uses whose target
// is certain from syntax are found: a selection on a name bound to
// `import ./file.nix` (or to a literal set), and `inherit (x) name;`.

#include "analysis/navigation.h"

namespace fw {

// The attribute at `offset` (its definition, or a selection of it) and all
// uses of it in the document, in the file defining it and in the files
// importing that one. Empty when the offset is not on such an attribute.
[[nodiscard]] std::vector<Location> attributeReferences(const SyntaxTreePtr& document, ByteOffset offset,
                                                        const FeatureContext& ctx, bool includeDeclaration);

}  // namespace fw
