#include <algorithm>

#include "analysis/features.h"
#include "parser/syntax_diagnostics.h"

namespace fw {

std::vector<Diagnostic> fileDiagnostics(const SyntaxTree& tree, const DiagnosticsConfig& config,
                                        std::stop_token stop) {
  std::vector<Diagnostic> out = syntaxDiagnostics(tree);
  if (stop.stop_requested()) return {};
  if (!config.disabled.empty()) {
    std::erase_if(out, [&](const Diagnostic& d) {
      return std::find(config.disabled.begin(), config.disabled.end(), d.code) !=
             config.disabled.end();
    });
  }
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.range.start < b.range.start;
  });
  return out;
}

}  // namespace fw
