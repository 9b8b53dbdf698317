#pragma once
// Syntax-level editor features as plain data: document outline, folding
// and selection ranges, and the diagnostics of a file. No LSP or JSON here;
// the server converts.

#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "parser/document_view.h"
#include "parser/syntax_tree.h"

namespace fw {

// Numbering matches LSP's SymbolKind so the server maps 1:1.
enum class SymbolKind {
  File = 1, Module = 2, Namespace = 3, Package = 4, Class = 5, Method = 6, Property = 7,
  Field = 8, Constructor = 9, Enum = 10, Interface = 11, Function = 12, Variable = 13,
  Constant = 14, String = 15, Number = 16, Boolean = 17, Array = 18, Object = 19, Key = 20,
  Null = 21, EnumMember = 22, Struct = 23, Event = 24, Operator = 25, TypeParameter = 26
};

struct DocumentSymbol {
  std::string name;
  std::string detail;
  SymbolKind kind = SymbolKind::Field;
  ByteRange range;      // the whole binding
  ByteRange selection;  // its name
  std::vector<DocumentSymbol> children;
};

// Nesting deeper than this is flattened into the deepest level, so that
// consumers (and JSON writers) never recurse without bound.
inline constexpr std::size_t kMaxSymbolDepth = 64;

[[nodiscard]] std::vector<DocumentSymbol> documentSymbols(const SyntaxTree& tree,
                                                          std::stop_token stop = {});

enum class FoldingKind { Region, Comment };
struct FoldingRange {
  std::uint32_t startLine = 0;
  std::uint32_t endLine = 0;  // last line hidden, inclusive
  FoldingKind kind = FoldingKind::Region;
  friend bool operator==(const FoldingRange&, const FoldingRange&) = default;
};
[[nodiscard]] std::vector<FoldingRange> foldingRanges(const SyntaxTree& tree,
                                                      std::stop_token stop = {});

// Enclosing ranges of a position, innermost first, without duplicates.
// At most kMaxSelectionDepth entries (the innermost ones).
inline constexpr std::size_t kMaxSelectionDepth = 200;
[[nodiscard]] std::vector<ByteRange> selectionRanges(const DocumentView& view, ByteOffset offset);

class SemanticModel;

// Everything known about one version of one file. Immutable; features
// share it across threads.
struct FileAnalysis {
  SyntaxTreePtr tree;
  std::shared_ptr<const SemanticModel> model;
};
[[nodiscard]] std::shared_ptr<const FileAnalysis> analyzeFile(SyntaxTreePtr tree,
                                                              std::stop_token stop = {});

struct DiagnosticsConfig {
  // Codes the user silenced.
  std::vector<std::string> disabled;
};
// Syntax and semantic diagnostics, minus silenced codes and lines
// suppressed by `# flakewise: ignore <code>`, sorted by position.
[[nodiscard]] std::vector<Diagnostic> fileDiagnostics(const FileAnalysis& analysis,
                                                      const DiagnosticsConfig& config = {},
                                                      std::stop_token stop = {});
// Drops silenced codes and lines suppressed by `# flakewise: ignore`, and
// sorts by position: what fileDiagnostics does to its own findings, for
// diagnostics from elsewhere (flakes, packages).
void filterDiagnostics(const SyntaxTree& tree, const DiagnosticsConfig& config, std::vector<Diagnostic>& diagnostics);
[[nodiscard]] std::vector<Diagnostic> fileDiagnostics(const SyntaxTree& tree,
                                                      const DiagnosticsConfig& config = {},
                                                      std::stop_token stop = {});

}  // namespace fw
