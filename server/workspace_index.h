#pragma once
// The workspace index: for every .nix file of the workspace folders, its
// bindings (the document outline, flattened with container names) and the
// files it imports (`import ./x`, `callPackage ./x`, `imports = [ ./x ]`).
// Built in the background at start-up, kept current from open documents
// and file-watcher events; answers workspace/symbol. Thread-safe.
//
// Entries keep the file's text and line index (for exact positions in any
// encoding) but not its syntax tree, which would cost ~20x the text.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/features.h"
#include "analysis/options/extract.h"

namespace fw::server {

struct IndexedSymbol {
  std::string name;       // e.g. "enable"
  std::string container;  // e.g. "options.services.lanternd"
  SymbolKind kind = SymbolKind::Field;
  ByteRange selection;
};

struct IndexedFile {
  explicit IndexedFile(std::string t) : text(std::move(t)), lines(text) {}
  IndexedFile(const IndexedFile&) = delete;
  const std::string text;
  const LineIndex lines;  // over `text`
  std::vector<IndexedSymbol> symbols;
  std::vector<std::string> imports;  // absolute paths that exist
  // NixOS modules in the file (the file itself, or inline modules) and a
  // hash of what can change their option declarations (option_cache.h).
  std::vector<options::ModuleRoot> moduleRoots;
  std::uint64_t schemaHash = 0;
};

struct SymbolMatch {
  std::string path;
  std::shared_ptr<const IndexedFile> file;
  const IndexedSymbol* symbol;  // owned by `file`
  int score;
};

class WorkspaceIndex {
 public:
  // Summarises a parsed file. `path` is absolute; imports are resolved
  // relative to it (through the file system).
  [[nodiscard]] static std::shared_ptr<const IndexedFile> summarise(const std::string& path,
                                                                    const SyntaxTree& tree);

  void put(const std::string& path, std::shared_ptr<const IndexedFile> file);
  // An open document's newest tree: summarised lazily, on the next search.
  void putTree(const std::string& path, SyntaxTreePtr tree);
  void remove(const std::string& path);
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::shared_ptr<const IndexedFile> get(const std::string& path) const;
  // Bytes held: texts, line indexes and symbols (an estimate).
  [[nodiscard]] std::size_t memoryBytes() const;

  // Every file, by path.
  [[nodiscard]] std::vector<std::pair<std::string, std::shared_ptr<const IndexedFile>>> all() const;

  // Whether the background indexing of the workspace folders has finished
  // (until then the index holds only part of them, plus open documents).
  void setComplete() { complete_ = true; }
  [[nodiscard]] bool complete() const { return complete_; }

  // Files whose imports include `path`.
  [[nodiscard]] std::vector<std::string> importersOf(const std::string& path) const;

  // Indexed files under `root` (a directory) whose text contains
  // `needle`, sorted, at most `max`.
  [[nodiscard]] std::vector<std::string> filesContaining(const std::string& root, std::string_view needle,
                                                         std::size_t max) const;

  // Fuzzy search over names (and container.name), best first.
  [[nodiscard]] std::vector<SymbolMatch> search(std::string_view query, std::size_t limit) const;

 private:
  std::atomic<bool> complete_{false};
  void refreshLocked() const;

  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const IndexedFile>> files_;
  mutable std::unordered_map<std::string, SyntaxTreePtr> pending_;
};

// Scores `candidate` against a fuzzy `query` (case-insensitive
// subsequence); higher is better, negative means no match.
[[nodiscard]] int fuzzyScore(std::string_view candidate, std::string_view query);

}  // namespace fw::server
