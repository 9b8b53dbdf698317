#include "server/workspace_index.h"

#include "analysis/options/discover.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

namespace fw::server {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxSymbolsPerFile = 20000;

void flatten(const std::vector<DocumentSymbol>& syms, const std::string& container,
             std::vector<IndexedSymbol>& out) {
  // Iterative: outlines can be deep. A dotted binding `a.b.c = …` yields a
  // symbol per segment, so that searching `b` finds it too; each
  // (container, name) once per file.
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<std::pair<const DocumentSymbol*, std::string>> work;
  for (auto it = syms.rbegin(); it != syms.rend(); ++it) work.emplace_back(&*it, container);
  while (!work.empty() && out.size() < kMaxSymbolsPerFile) {
    auto [s, cont] = work.back();
    work.pop_back();
    std::string prefix = cont;
    std::string_view rest = s->name;
    for (;;) {
      const std::size_t dot = rest.find('.');
      const std::string segment(rest.substr(0, dot));
      const bool last = dot == std::string_view::npos;
      if (seen.emplace(prefix, segment).second) {
        out.push_back({segment, prefix, last ? s->kind : SymbolKind::Namespace, s->selection});
      }
      prefix = prefix.empty() ? segment : prefix + "." + segment;
      if (last) break;
      rest = rest.substr(dot + 1);
    }
    for (auto it = s->children.rbegin(); it != s->children.rend(); ++it) work.emplace_back(&*it, prefix);
  }
}

// `import ./x`, `callPackage ./x …`, `pkgs.callPackage ./x …` and the
// elements of `imports = [ … ]`.
bool importsPath(Node path, std::string_view src) {
  const Symbols& s = syms();
  const Node parent = path.parent();
  if (parent.is(s.apply_expression) && parent.field(fields().argument) == path) {
    Node fn = parent.field(fields().function);
    std::string_view name = fn.text(src);
    if (const std::size_t dot = name.rfind('.'); dot != std::string_view::npos) name = name.substr(dot + 1);
    return name == "import" || name == "callPackage" || name == "callPackages" || name == "scopedImport";
  }
  if (parent.is(s.list_expression)) {
    const Node binding = parent.parent();
    if (binding.is(s.binding)) {
      const std::string_view key = binding.field(fields().attrpath).text(src);
      return key == "imports" || key.ends_with(".imports");
    }
  }
  return false;
}

}  // namespace

std::shared_ptr<const IndexedFile> WorkspaceIndex::summarise(const std::string& path, const SyntaxTree& tree) {
  auto file = std::make_shared<IndexedFile>(tree.text());
  flatten(documentSymbols(tree), "", file->symbols);
  const std::string_view src = tree.text();
  const fs::path dir = fs::path(path).parent_path();
  walk(tree.root(), [&](Node n) {
    if (n.is(syms().path_expression)) {
      const std::string_view lit = n.text(src);
      if (lit.find("${") == std::string_view::npos && importsPath(n, src)) {
        fs::path target = lit.starts_with("/") ? fs::path(std::string(lit)) : dir / std::string(lit);
        target = target.lexically_normal();
        std::error_code ec;
        if (fs::is_directory(target, ec)) target /= "default.nix";
        if (fs::is_regular_file(target, ec)) file->imports.push_back(target.string());
      }
      return false;
    }
    return n.childCount() > 0 && !n.is(syms().comment) && !n.is(syms().string_fragment);
  });
  std::sort(file->imports.begin(), file->imports.end());
  file->imports.erase(std::unique(file->imports.begin(), file->imports.end()), file->imports.end());
  file->moduleRoots = options::moduleRootsOf(path, tree);
  file->schemaHash = options::schemaFingerprint(tree);
  return file;
}

void WorkspaceIndex::put(const std::string& path, std::shared_ptr<const IndexedFile> file) {
  std::lock_guard lock(mutex_);
  pending_.erase(path);
  files_[path] = std::move(file);
}

std::vector<std::pair<std::string, std::shared_ptr<const IndexedFile>>> WorkspaceIndex::all() const {
  std::lock_guard lock(mutex_);
  refreshLocked();
  std::vector<std::pair<std::string, std::shared_ptr<const IndexedFile>>> out(files_.begin(), files_.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

void WorkspaceIndex::putTree(const std::string& path, SyntaxTreePtr tree) {
  std::lock_guard lock(mutex_);
  pending_[path] = std::move(tree);
}

void WorkspaceIndex::remove(const std::string& path) {
  std::lock_guard lock(mutex_);
  files_.erase(path);
  pending_.erase(path);
}

std::size_t WorkspaceIndex::size() const {
  std::lock_guard lock(mutex_);
  refreshLocked();
  return files_.size();
}

std::shared_ptr<const IndexedFile> WorkspaceIndex::get(const std::string& path) const {
  std::lock_guard lock(mutex_);
  refreshLocked();
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : it->second;
}

std::size_t WorkspaceIndex::memoryBytes() const {
  std::lock_guard lock(mutex_);
  refreshLocked();
  std::size_t total = 0;
  for (const auto& [path, f] : files_) {
    total += path.size() + f->text.capacity() + sizeof(IndexedFile);
    total += f->lines.lineCount() * (sizeof(ByteOffset) + 1);
    for (const IndexedSymbol& s : f->symbols) total += sizeof(IndexedSymbol) + s.name.capacity() + s.container.capacity();
    for (const std::string& i : f->imports) total += i.capacity() + sizeof(std::string);
  }
  return total;
}

void WorkspaceIndex::refreshLocked() const {
  for (auto& [path, tree] : pending_) {
    if (tree && tree->parsed()) files_[path] = summarise(path, *tree);
  }
  pending_.clear();
}

std::vector<std::string> WorkspaceIndex::importersOf(const std::string& path) const {
  std::lock_guard lock(mutex_);
  refreshLocked();
  std::vector<std::string> out;
  for (const auto& [p, f] : files_) {
    if (std::binary_search(f->imports.begin(), f->imports.end(), path)) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> WorkspaceIndex::filesContaining(const std::string& root, std::string_view needle,
                                                         std::size_t max) const {
  const std::string prefix = root.ends_with("/") ? root : root + "/";
  std::vector<std::string> out;
  std::lock_guard lock(mutex_);
  refreshLocked();
  for (const auto& [p, f] : files_) {
    if (p.starts_with(prefix) && f->text.find(needle) != std::string::npos) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  if (out.size() > max) out.resize(max);
  return out;
}

int fuzzyScore(std::string_view cand, std::string_view query) {
  if (query.empty()) return 0;
  int score = 0;
  std::size_t j = 0;
  std::size_t last = std::string_view::npos;
  for (std::size_t i = 0; i < cand.size() && j < query.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(cand[i])) != std::tolower(static_cast<unsigned char>(query[j])))
      continue;
    // Consecutive letters, word starts and exact case score higher.
    score += 1;
    if (last != std::string_view::npos && last + 1 == i) score += 3;
    if (i == 0 || cand[i - 1] == '.' || cand[i - 1] == '-' || cand[i - 1] == '_') score += 4;
    if (cand[i] == query[j]) score += 1;
    last = i;
    ++j;
  }
  if (j < query.size()) return -1;
  if (cand.size() == query.size()) score += 10;  // exact
  return score * 4 - static_cast<int>(cand.size());
}

std::vector<SymbolMatch> WorkspaceIndex::search(std::string_view query, std::size_t limit) const {
  std::lock_guard lock(mutex_);
  refreshLocked();
  std::vector<SymbolMatch> out;
  for (const auto& [path, f] : files_) {
    for (const IndexedSymbol& s : f->symbols) {
      int score = fuzzyScore(s.name, query);
      if (score < 0 && query.find('.') != std::string_view::npos) {
        score = fuzzyScore(s.container + "." + s.name, query);
      }
      if (score >= 0) out.push_back({path, f, &s, score});
    }
  }
  std::sort(out.begin(), out.end(), [](const SymbolMatch& a, const SymbolMatch& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.path != b.path) return a.path < b.path;
    return a.symbol->selection.start < b.symbol->selection.start;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace fw::server
