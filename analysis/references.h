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
[[nodiscard]] std::vector<Location> attributeReferences(const SyntaxTreePtr& document,
                                                        ByteOffset offset,
                                                        const FeatureContext& ctx,
                                                        bool includeDeclaration);

// Renaming an attribute across the workspace: the attribute of a file's
// set (or of a set bound to a let name) and every use of it, where every
// way the set is used is certain: selections with a static first name and
// `inherit (x) …;`, through `import ./file.nix` (applied when the file is
// a function) and let names bound to those. Any other use of the set (a
// function argument, `//`, `with`, `?`, callPackage, a module's `imports`)
// refuses the rename with its place.
struct FileEdit {
  std::string file;    // absolute path; empty means the document itself
  SyntaxTreePtr tree;  // that file's tree, to convert the range
  TextEdit edit;
};
struct AttributeRename {
  bool isAttribute = false;  // false: the cursor is not on such an attribute
  ByteRange range;           // the name at the cursor, in the document
  std::string placeholder;   // its current name
  std::vector<FileEdit> edits;
  std::string error;  // why it is refused
};
// With `newName` empty, only checks that a rename is possible (prepareRename).
[[nodiscard]] AttributeRename renameAttribute(const SyntaxTreePtr& document, ByteOffset offset,
                                              const FeatureContext& ctx, std::string_view newName);

}  // namespace fw
