// LSP requests of the flake features: textDocument/documentLink (input
// URLs to their web pages) and textDocument/inlayHint (the locked revision
// after each input, when turned on). Conversion only; the analysis is in
// analysis/flakes/flake_features.h.

#include <filesystem>

#include "analysis/flakes/flake_features.h"
#include "server/session.h"
#include "server/uri.h"

namespace fw::server {

bool Session::handleFlakeFeature(const json& id, const std::string& method, const json& params) {
  const PositionEncoding enc = encoding_;
  if (method == "textDocument/documentLink") {
    const std::string uri = documentUri(params);
    runOnDocument(id, params, [enc, ctx = contextFor(uri)](const SyntaxTreePtr& tree, std::stop_token) {
      json out = json::array();
      if (!flakes::isFlakeNix(ctx.path) || !tree->parsed()) return out;
      const std::string dir = std::filesystem::path(ctx.path).parent_path().string();
      for (const flakes::DocumentLink& l : flakes::flakeLinks(*tree, dir, flakes::lockNextTo(ctx))) {
        out.push_back({{"range", toLsp(l.range, tree->lines(), enc)}, {"target", l.target}, {"tooltip", l.tooltip}});
      }
      return out;
    });
    return true;
  }
  if (method == "textDocument/inlayHint") {
    const std::string uri = documentUri(params);
    if (!params.contains("range") || !params["range"].is_object() || !params["range"].contains("start") ||
        !params["range"].contains("end"))
      throw std::invalid_argument("inlayHint needs a range");
    const Position start = positionFromLsp(params["range"]["start"]);
    const Position end = positionFromLsp(params["range"]["end"]);
    const bool enabled = lockedRevisionHints_;
    runOnDocument(id, params, [enc, start, end, enabled, ctx = contextFor(uri)](const SyntaxTreePtr& tree, std::stop_token) {
      json out = json::array();
      if (!enabled || !flakes::isFlakeNix(ctx.path) || !tree->parsed()) return out;
      const LineIndex& lines = tree->lines();
      const ByteRange range{lines.offset(start, enc), lines.offset(end, enc)};
      for (const flakes::InlayHint& h : flakes::flakeInlayHints(*tree, flakes::lockNextTo(ctx), range)) {
        out.push_back({{"position", toLsp(lines.position(h.position, enc))},
                       {"label", h.label},
                       {"tooltip", {{"kind", "markdown"}, {"value", h.tooltip}}},
                       {"paddingLeft", true}});
      }
      return out;
    });
    return true;
  }
  return false;
}

}  // namespace fw::server
