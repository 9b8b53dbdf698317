#include <algorithm>
#include <cstring>

#include "analysis/features.h"
#include "analysis/semantic.h"
#include "parser/syntax_diagnostics.h"

namespace fw {

namespace {

// `# flakewise: ignore code-a, code-b` silences those codes on its own
// line, or on the next line when the comment stands alone on its line.
// Without codes it silences everything there.
struct Suppression {
  std::uint32_t line;
  std::vector<std::string> codes;  // empty: all
};

std::vector<Suppression> findSuppressions(const SyntaxTree& tree) {
  std::vector<Suppression> out;
  const std::string_view src = tree.text();
  static constexpr std::string_view kMarker = "flakewise: ignore";
  for (std::size_t at = src.find(kMarker); at != std::string_view::npos; at = src.find(kMarker, at + 1)) {
    const Node c = tree.root().descendant(static_cast<ByteOffset>(at), static_cast<ByteOffset>(at + 1));
    if (!c.is(syms().comment)) continue;
    const std::string_view text = c.text(src);
    if (!text.starts_with("#")) continue;
    Suppression s;
    const std::uint32_t line = tree.lines().lineOf(c.start());
    const ByteOffset ls = tree.lines().lineStart(line);
    const bool alone = src.substr(ls, c.start() - ls).find_first_not_of(" \t") == std::string_view::npos;
    s.line = alone ? line + 1 : line;
    std::string_view rest = src.substr(at + kMarker.size(), c.end() - (at + kMarker.size()));
    std::string cur;
    for (char ch : rest) {
      if (ch == ',' || ch == ' ' || ch == '\t') {
        if (!cur.empty()) s.codes.push_back(std::move(cur));
        cur.clear();
      } else {
        cur += ch;
      }
    }
    if (!cur.empty()) s.codes.push_back(std::move(cur));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::shared_ptr<const FileAnalysis> analyzeFile(SyntaxTreePtr tree, std::stop_token stop) {
  auto a = std::make_shared<FileAnalysis>();
  a->model = buildSemanticModel(*tree, {stop});
  a->tree = std::move(tree);
  return a;
}

void filterDiagnostics(const SyntaxTree& tree, const DiagnosticsConfig& config, std::vector<Diagnostic>& out) {
  if (!config.disabled.empty()) {
    std::erase_if(out, [&](const Diagnostic& d) {
      return std::find(config.disabled.begin(), config.disabled.end(), d.code) != config.disabled.end();
    });
  }
  const std::vector<Suppression> sup = tree.parsed() ? findSuppressions(tree) : std::vector<Suppression>{};
  if (!sup.empty()) {
    std::erase_if(out, [&](const Diagnostic& d) {
      const std::uint32_t line = tree.lines().lineOf(d.range.start);
      for (const Suppression& s : sup) {
        if (s.line != line) continue;
        if (s.codes.empty() || std::find(s.codes.begin(), s.codes.end(), d.code) != s.codes.end())
          return true;
      }
      return false;
    });
  }
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& x, const Diagnostic& y) {
    return x.range.start < y.range.start;
  });
}

std::vector<Diagnostic> fileDiagnostics(const FileAnalysis& a, const DiagnosticsConfig& config,
                                        std::stop_token stop) {
  std::vector<Diagnostic> out = syntaxDiagnostics(*a.tree);
  if (stop.stop_requested()) return {};
  out.insert(out.end(), a.model->diagnostics.begin(), a.model->diagnostics.end());
  filterDiagnostics(*a.tree, config, out);
  return out;
}

std::vector<Diagnostic> fileDiagnostics(const SyntaxTree& tree, const DiagnosticsConfig& config,
                                        std::stop_token stop) {
  // A non-owning pointer: the caller keeps the tree alive for the call.
  SyntaxTreePtr borrowed(std::shared_ptr<const SyntaxTree>(), &tree);
  const auto a = analyzeFile(borrowed, stop);
  return fileDiagnostics(*a, config, stop);
}

}  // namespace fw
