#pragma once
// Editor features over an option tree: completion of option names and
// values, hover and go-to-declaration on option paths in definitions and
// reads, and diagnostics of definitions. They read syntax
// (module_syntax.h) and a computed OptionTree; nothing is evaluated.

#include <optional>
#include <span>
#include <vector>

#include "analysis/completion.h"
#include "analysis/navigation.h"
#include "analysis/options/option_tree.h"
#include "parser/document_view.h"

namespace fw::options {

// Option names where a definition's name is written, values where the
// option's type lists them (enum members, true/false, null). nullopt when
// the offset is not in a definition of a known option set (other
// completion applies).
[[nodiscard]] std::optional<CompletionResult> completeOption(const DocumentView& view, ByteOffset offset,
                                                             const OptionTree& tree);

// Markdown for an option: path, type, default, example, description,
// declarations.
[[nodiscard]] std::string optionMarkdown(const Option& o);

// The option (or option namespace) a name at `offset` stands for.
struct OptionAt {
  ByteRange range;  // the name
  std::vector<std::string> path;
  const Option* option = nullptr;  // null: a namespace
};
[[nodiscard]] std::optional<OptionAt> optionAt(const DocumentView& view, ByteOffset offset, const OptionTree& tree);

[[nodiscard]] std::optional<HoverResult> hoverOption(const DocumentView& view, ByteOffset offset,
                                                     const OptionTree& tree);

// The declarations of the option at `offset`.
[[nodiscard]] std::vector<SourcePos> optionDeclarations(const DocumentView& view, ByteOffset offset,
                                                        const OptionTree& tree);

// Where the option at `path` (a tree path: `<name>` matches any name) is
// defined or read in `file`: the last name of each definition and read.
struct OptionUse {
  ByteRange range;
  bool definition = false;
};
[[nodiscard]] std::vector<OptionUse> optionUses(const SyntaxTree& file, std::span<const std::string> path);

// option-unknown, option-type-mismatch, option-read-only, option-removed,
// option-renamed on the definitions of every module of the file.
[[nodiscard]] std::vector<Diagnostic> optionDiagnostics(const SyntaxTree& file, const OptionTree& tree);

// Whether a literal value expression fits `type`; nullopt when it cannot be
// told statically. On a mismatch, `why` says what the value is.
[[nodiscard]] std::optional<bool> literalFits(Node value, std::string_view src, const OptionType& type,
                                              std::string* why = nullptr);

}  // namespace fw::options
