// LSP requests of the editing features: semantic tokens (full, delta,
// range), signature help and code actions. Conversion only; the analysis
// is in analysis/semantic_tokens.h, signature_help.h and code_actions.h.

#include "server/handlers_edit.h"

#include <algorithm>

#include "analysis/code_actions.h"
#include "analysis/packages/project_features.h"
#include "analysis/semantic.h"
#include "analysis/signature_help.h"
#include "server/session.h"

namespace fw::server {

json semanticTokensLegend() {
  json types = json::array();
  for (std::string_view t : semanticTokenTypeNames()) types.push_back(t);
  json mods = json::array();
  for (std::string_view m : semanticTokenModifierNames()) mods.push_back(m);
  return {{"tokenTypes", std::move(types)}, {"tokenModifiers", std::move(mods)}};
}

namespace {

// Units of src[from, to) in the encoding: bytes, UTF-16 code units or code
// points; an invalid byte counts one, as in LineIndex.
std::uint32_t unitsBetween(std::string_view src, std::size_t from, std::size_t to,
                           PositionEncoding enc) {
  if (enc == PositionEncoding::Utf8) return static_cast<std::uint32_t>(to - from);
  std::uint32_t units = 0;
  for (std::size_t i = from; i < to;) {
    if (static_cast<unsigned char>(src[i]) < 0x80) {
      ++units, ++i;
      continue;
    }
    const Utf8Char c = decodeUtf8(src, i);
    units += enc == PositionEncoding::Utf16 && c.codePoint > 0xFFFF ? 2 : 1;
    i += c.bytes;
  }
  return units;
}

}  // namespace

std::vector<std::uint32_t> encodeSemanticTokens(std::span<const SemanticToken> tokens,
                                                const LineIndex& lines, PositionEncoding enc) {
  std::vector<std::uint32_t> out;
  out.reserve(tokens.size() * 5);
  const std::string_view src = lines.text();
  const std::uint32_t lineCount = lines.lineCount();
  std::uint32_t line = 0;
  std::uint32_t prevLine = 0;
  std::uint32_t prevChar = 0;
  // Column counting resumes from the previous token on the same line, so
  // the whole encoding reads each byte at most twice.
  std::size_t scanned = lines.lineStart(0);
  std::uint32_t column = 0;
  for (const SemanticToken& t : tokens) {
    // Tokens come in order, so the line only moves forward.
    if (line + 1 < lineCount && lines.lineStart(line + 1) <= t.start) {
      while (line + 1 < lineCount && lines.lineStart(line + 1) <= t.start) ++line;
      scanned = lines.lineStart(line);
      column = 0;
    }
    column += unitsBetween(src, scanned, t.start, enc);
    scanned = t.start;
    const std::uint32_t len = unitsBetween(src, t.start, t.start + t.length, enc);
    out.push_back(line - prevLine);
    out.push_back(line == prevLine ? column - prevChar : column);
    out.push_back(len);
    out.push_back(static_cast<std::uint32_t>(t.type));
    out.push_back(t.modifiers);
    prevLine = line;
    prevChar = column;
  }
  return out;
}

json semanticTokensJson(std::span<const std::uint32_t> data) {
  json arr = json::array();
  arr.get_ref<json::array_t&>().reserve(data.size());
  for (std::uint32_t v : data) arr.push_back(v);
  return arr;
}

std::optional<TokensEdit> diffSemanticTokens(std::span<const std::uint32_t> before,
                                             std::span<const std::uint32_t> after) {
  const std::size_t common = std::min(before.size(), after.size());
  std::size_t prefix = 0;
  while (prefix < common && before[prefix] == after[prefix]) ++prefix;
  if (prefix == before.size() && prefix == after.size()) return std::nullopt;
  std::size_t suffix = 0;
  while (suffix < common - prefix &&
         before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
    ++suffix;
  TokensEdit e;
  e.start = static_cast<std::uint32_t>(prefix);
  e.deleteCount = static_cast<std::uint32_t>(before.size() - prefix - suffix);
  e.data.assign(after.begin() + static_cast<std::ptrdiff_t>(prefix),
                after.end() - static_cast<std::ptrdiff_t>(suffix));
  return e;
}

SemanticTokensCache::Data SemanticTokensCache::find(const std::string& uri,
                                                    const std::string& resultId) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(uri);
  if (it == entries_.end() || it->second.resultId != resultId) return nullptr;
  return it->second.data;
}

std::string SemanticTokensCache::store(const std::string& uri, Data data) {
  std::lock_guard lock(mutex_);
  std::string id = std::to_string(next_++);
  entries_[uri] = {id, std::move(data)};
  return id;
}

void SemanticTokensCache::forget(const std::string& uri) {
  std::lock_guard lock(mutex_);
  entries_.erase(uri);
}

namespace {

// Length of `s` in the negotiated encoding's units.
std::uint32_t unitLength(std::string_view s, PositionEncoding enc) {
  if (enc == PositionEncoding::Utf8) return static_cast<std::uint32_t>(s.size());
  std::uint32_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    const Utf8Char c = decodeUtf8(s, i);
    units += enc == PositionEncoding::Utf16 && c.codePoint > 0xFFFF ? 2 : 1;
    i += c.bytes;
  }
  return units;
}

json markdown(const std::string& md) {
  return {{"kind", "markdown"}, {"value", md}};
}

json signatureToLsp(const SignatureHelpResult& h, PositionEncoding enc) {
  json params = json::array();
  const std::string_view label = h.label;
  for (const SignatureParameter& p : h.parameters) {
    const std::uint32_t start = unitLength(label.substr(0, p.labelStart), enc);
    const std::uint32_t end =
        start + unitLength(label.substr(p.labelStart, p.labelEnd - p.labelStart), enc);
    params.push_back({{"label", {start, end}}, {"documentation", markdown(p.documentation)}});
  }
  // No active parameter: an index past the end, which clients show as
  // nothing highlighted.
  const std::uint32_t active =
      h.activeParameter.value_or(static_cast<std::uint32_t>(h.parameters.size()));
  json sig = {{"label", h.label},
              {"documentation", markdown(h.documentation)},
              {"parameters", std::move(params)},
              {"activeParameter", active}};
  return {{"signatures", json::array({std::move(sig)})},
          {"activeSignature", 0},
          {"activeParameter", active}};
}

const char* kindName(CodeActionKind k) {
  return k == CodeActionKind::QuickFix ? "quickfix" : "refactor.rewrite";
}

// Whether `kind` is asked for by `only` (LSP: a kind matches itself and its
// sub-kinds, "refactor" matches "refactor.rewrite").
bool wanted(std::string_view kind, const std::vector<std::string>& only) {
  if (only.empty()) return true;
  for (const std::string& o : only)
    if (kind == o || (kind.starts_with(o) && kind.size() > o.size() && kind[o.size()] == '.'))
      return true;
  return false;
}

}  // namespace

bool Session::handleEditFeature(const json& id, const std::string& method, const json& params) {
  const PositionEncoding enc = encoding_;
  if (method == "textDocument/semanticTokens/full" ||
      method == "textDocument/semanticTokens/full/delta" ||
      method == "textDocument/semanticTokens/range") {
    const std::string uri = documentUri(params);
    const bool isRange = method.ends_with("/range");
    const bool isDelta = method.ends_with("/delta");
    std::optional<std::pair<Position, Position>> range;
    if (isRange) {
      if (!params.contains("range") || !params["range"].is_object() ||
          !params["range"].contains("start") || !params["range"].contains("end"))
        throw std::invalid_argument("semanticTokens/range needs a range");
      range = {positionFromLsp(params["range"]["start"]), positionFromLsp(params["range"]["end"])};
    }
    std::string previous;
    if (isDelta) {
      if (!params.contains("previousResultId") || !params["previousResultId"].is_string())
        throw std::invalid_argument("semanticTokens/full/delta needs previousResultId");
      previous = params["previousResultId"].get<std::string>();
    }
    runOnAnalysis(id, params,
                  [enc, uri, range, isRange, isDelta, previous, cache = semanticTokens_](
                      const AnalysisSlot& slot, std::stop_token stop) {
                    const auto& a = slot.get();
                    const LineIndex& lines = a->tree->lines();
                    SemanticTokensConfig cfg;
                    cfg.stop = stop;
                    if (range)
                      cfg.range = ByteRange{lines.offset(range->first, enc),
                                            lines.offset(range->second, enc)};
                    std::vector<SemanticToken> tokens;
                    if (a->tree->parsed()) tokens = semanticTokens(*a, cfg);
                    // Cancelled: the reply is dropped; keep the last result.
                    if (stop.stop_requested()) return json(nullptr);
                    auto data = std::make_shared<const std::vector<std::uint32_t>>(
                        encodeSemanticTokens(tokens, lines, enc));
                    if (isRange) return json{{"data", semanticTokensJson(*data)}};
                    const SemanticTokensCache::Data before =
                        isDelta ? cache->find(uri, previous) : nullptr;
                    const std::string resultId = cache->store(uri, data);
                    if (!before)
                      return json{{"resultId", resultId}, {"data", semanticTokensJson(*data)}};
                    json edits = json::array();
                    if (auto e = diffSemanticTokens(*before, *data)) {
                      edits.push_back({{"start", e->start},
                                       {"deleteCount", e->deleteCount},
                                       {"data", semanticTokensJson(e->data)}});
                    }
                    return json{{"resultId", resultId}, {"edits", std::move(edits)}};
                  });
    return true;
  }
  if (method == "textDocument/signatureHelp") {
    const std::string uri = documentUri(params);
    const Position pos = positionParam(params);
    runOnView(
        id, params,
        [enc, pos, ctx = contextFor(uri), files = files_](const DocumentView& v, std::stop_token) {
          const std::optional<SignatureHelpResult> h =
              signatureHelp(v, v.lines().offset(pos, enc), ctx);
          return h ? signatureToLsp(*h, enc) : json(nullptr);
        });
    return true;
  }
  if (method == "textDocument/codeAction") {
    const std::string uri = documentUri(params);
    if (!params.contains("range") || !params["range"].is_object() ||
        !params["range"].contains("start") || !params["range"].contains("end"))
      throw std::invalid_argument("codeAction needs a range");
    const Position start = positionFromLsp(params["range"]["start"]);
    const Position end = positionFromLsp(params["range"]["end"]);
    std::vector<std::string> only;
    if (params.contains("context") && params["context"].is_object() &&
        params["context"].contains("only") && params["context"]["only"].is_array()) {
      for (const json& k : params["context"]["only"])
        if (k.is_string()) only.push_back(k.get<std::string>());
    }
    runOnAnalysis(
        id, params,
        [enc, uri, start, end, only, cfg = diagnosticsConfigFor(uri), ctx = contextFor(uri)](const AnalysisSlot& slot,
                                                                                             std::stop_token) {
          const auto& a = slot.get();
          json out = json::array();
          if (!a->tree->parsed()) return out;
          const LineIndex& lines = a->tree->lines();
          const ByteOffset from = lines.offset(start, enc);
          const ByteRange range{from, std::max(from, lines.offset(end, enc))};
          // The diagnostics as published, so that the client can match them;
          // computed only when a lint touches the range (a cursor moving
          // through a large file asks at every step).
          const auto& lints = a->model->diagnostics;
          const bool lintHere = std::any_of(lints.begin(), lints.end(), [&](const Diagnostic& d) {
            return d.range.end >= range.start && d.range.start <= range.end;
          });
          // Excluded files (no cfg) publish no diagnostics: no quick fixes.
          const std::vector<Diagnostic> diags =
              lintHere && cfg ? fileDiagnostics(*a, *cfg) : std::vector<Diagnostic>{};
          std::vector<CodeAction> actions = codeActions(*a, range, diags);
          // Flake, package and service findings have their own fixes.
          std::vector<Diagnostic> project;
          if (cfg) {
            project = projectDiagnostics(*a->tree, ctx);
            filterDiagnostics(*a->tree, *cfg, project);
          }
          for (CodeAction& action : projectCodeActions(*a->tree, range, project)) actions.push_back(std::move(action));
          for (const CodeAction& action : actions) {
            const char* kind = kindName(action.kind);
            if (!wanted(kind, only)) continue;
            json edits = json::array();
            for (const TextEdit& e : action.edits)
              edits.push_back({{"range", toLsp(e.range, lines, enc)}, {"newText", e.text}});
            json item = {{"title", action.title},
                         {"kind", kind},
                         {"edit", {{"changes", {{uri, std::move(edits)}}}}}};
            if (action.diagnostic)
              item["diagnostics"] = json::array({toLsp(*action.diagnostic, lines, enc, uri)});
            if (action.preferred) item["isPreferred"] = true;
            out.push_back(std::move(item));
          }
          return out;
        });
    return true;
  }
  return false;
}

}  // namespace fw::server
