#pragma once
// Position features: definition, hover, references, highlights, rename.
// Plain data in and out; the server converts to LSP.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/features.h"
#include "analysis/context.h"
#include "analysis/scopes.h"

namespace fw {

// The file a path literal (./x.nix, ./dir → dir/default.nix) points at,
// relative to the document; nullopt if it does not exist.
[[nodiscard]] std::optional<std::string> resolvePathLiteral(std::string_view literal,
                                                            const FeatureContext& ctx);

[[nodiscard]] std::vector<Location> definition(const DocumentView& view, ByteOffset offset,
                                               const FeatureContext& ctx);

struct HoverResult {
  ByteRange range;
  std::string markdown;
};
[[nodiscard]] std::optional<HoverResult> hover(const DocumentView& view, ByteOffset offset,
                                               const FeatureContext& ctx);

// One-line description of a value: "function { a, b ? 1, ... }",
// "attribute set with 3 attributes", "string \"x\"", "list of 2 elements".
[[nodiscard]] std::string describeValue(Node value, std::string_view src);

struct Occurrence {
  ByteRange range;
  bool write = false;  // the definition itself
};
// The definition at or referenced at `offset` and all its uses in the
// file; empty when the position is not on a local name.
[[nodiscard]] std::vector<Occurrence> occurrences(const FileAnalysis& a, ByteOffset offset);

struct RenameResult {
  std::vector<TextEdit> edits;  // empty with an error
  std::string error;            // why the rename is refused
};
// The range to rename and the current name, or an error.
struct PrepareRenameResult {
  ByteRange range;
  std::string placeholder;
  std::string error;
};
[[nodiscard]] PrepareRenameResult prepareRename(const FileAnalysis& a, ByteOffset offset);
[[nodiscard]] RenameResult rename(const FileAnalysis& a, ByteOffset offset, std::string_view newName);

// Whether `name` is a valid Nix identifier that is not a keyword.
[[nodiscard]] bool isValidIdentifier(std::string_view name);

}  // namespace fw
