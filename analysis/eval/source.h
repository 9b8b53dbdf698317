#pragma once
// A compiled file: its text, line index, the syntax tree it was compiled
// from (kept so the server can map ranges back to nodes) and the Expr tree.
// Compiled files are immutable and shared between evaluations; the file
// cache (file_cache.h) keys them by path and content hash.

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analysis/eval/arena.h"
#include "analysis/eval/expr.h"
#include "parser/line_index.h"
#include "parser/syntax_tree.h"

namespace fw::eval {

struct CompileProblem {
  ByteRange range;
  std::string message;
  std::uint8_t kind;  // ErrorKind
};

struct SourceFile {
  std::string path;  // absolute path, or "«string»" for an expression
  std::string dir;   // base directory of relative paths in the text
  SyntaxTreePtr tree;
  Arena arena{4096};  // Expr nodes and literal strings
  const Expr* root = nullptr;
  // Problems found while compiling (syntax errors, undefined variables,
  // duplicate attributes), in text order. Nix rejects a file with any of
  // them before evaluating it; tolerant evaluation evaluates around them.
  std::vector<CompileProblem> problems;
  std::uint64_t hash = 0;

  [[nodiscard]] const std::string& text() const { return tree->text(); }
  [[nodiscard]] const LineIndex& lines() const { return tree->lines(); }
  // 1-based line and byte column, as Nix prints them.
  [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> lineColumn(ByteOffset o) const;
};
using SourceFilePtr = std::shared_ptr<const SourceFile>;

// Definition sites of attributes and formals, by id. Ids are global to an
// Evaluator so a 32-bit id in an attribute entry names a file and range.
// Invariant: id 0 means "no position"; entries are never removed, and the
// files they point to are kept alive by `files_`.
class PositionTable {
 public:
  struct Entry {
    const SourceFile* file = nullptr;
    ByteRange range;
  };
  PositionTable() { entries_.push_back({}); }
  [[nodiscard]] std::uint32_t add(const SourceFile* file, ByteRange r);
  [[nodiscard]] Entry get(std::uint32_t id) const;
  void keep(SourceFilePtr file);

 private:
  mutable std::mutex mutex_;
  std::deque<Entry> entries_;
  std::vector<SourceFilePtr> files_;
};

}  // namespace fw::eval
