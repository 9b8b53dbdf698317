#pragma once
// Completion: names in scope (let, rec, arguments, `with` hints), globals
// and builtins, keywords, attributes of statically known attribute sets
// (`builtins.`, `x.` for a literal `x`), and files inside path literals.

#include "analysis/navigation.h"

namespace fw {

// Numbering matches LSP's CompletionItemKind.
enum class CompletionKind {
  Function = 3, Field = 5, Variable = 6, Module = 9, Property = 10, Value = 12, Keyword = 14,
  File = 17, Folder = 19, Constant = 21
};

struct CompletionItem {
  std::string label;
  CompletionKind kind = CompletionKind::Variable;
  std::string detail;         // one line, e.g. the value's shape
  std::string documentation;  // markdown
  std::string sortText;       // closer scopes first
};

struct CompletionResult {
  ByteRange replace;  // the partial word the items replace
  std::vector<CompletionItem> items;
  bool incomplete = false;  // truncated: ask again as the user types
};

[[nodiscard]] CompletionResult completion(const DocumentView& view, ByteOffset offset,
                                          const FeatureContext& ctx);

}  // namespace fw
