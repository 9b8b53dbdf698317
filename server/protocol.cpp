#include "server/protocol.h"

#include <stdexcept>

namespace fw::server {

std::string documentUri(const json& params) {
  if (!params.is_object() || !params.contains("textDocument") ||
      !params["textDocument"].is_object() || !params["textDocument"].contains("uri") ||
      !params["textDocument"]["uri"].is_string()) {
    throw std::invalid_argument("missing textDocument.uri");
  }
  return params["textDocument"]["uri"].get<std::string>();
}

Position positionParam(const json& params) {
  if (!params.is_object() || !params.contains("position")) throw std::invalid_argument("missing position");
  return positionFromLsp(params["position"]);
}

const char* encodingName(PositionEncoding e) {
  switch (e) {
    case PositionEncoding::Utf8: return "utf-8";
    case PositionEncoding::Utf16: return "utf-16";
    case PositionEncoding::Utf32: return "utf-32";
  }
  return "utf-16";
}

json toLsp(Position p) { return {{"line", p.line}, {"character", p.character}}; }

json toLsp(ByteRange r, const LineIndex& lines, PositionEncoding enc) {
  return {{"start", toLsp(lines.position(r.start, enc))}, {"end", toLsp(lines.position(r.end, enc))}};
}

json toLsp(const Diagnostic& d, const LineIndex& lines, PositionEncoding enc, const std::string& uri) {
  json j = {{"range", toLsp(d.range, lines, enc)},
            {"severity", static_cast<int>(d.severity)},
            {"code", d.code},
            {"source", "flakewise"},
            {"message", d.message}};
  if (!d.tags.empty()) {
    json tags = json::array();
    for (DiagnosticTag t : d.tags) tags.push_back(static_cast<int>(t));
    j["tags"] = std::move(tags);
  }
  if (!d.related.empty() && !uri.empty()) {
    json rel = json::array();
    for (const RelatedInfo& r : d.related) {
      rel.push_back({{"location", {{"uri", uri}, {"range", toLsp(r.range, lines, enc)}}},
                     {"message", r.message}});
    }
    j["relatedInformation"] = std::move(rel);
  }
  return j;
}

json toLsp(const DocumentSymbol& root, const LineIndex& lines, PositionEncoding enc) {
  // Symbols nest at most kMaxSymbolDepth deep, so recursion is bounded.
  json j = {{"name", root.name.empty() ? std::string("<empty>") : root.name},
            {"kind", static_cast<int>(root.kind)},
            {"range", toLsp(root.range, lines, enc)},
            {"selectionRange", toLsp(root.selection, lines, enc)}};
  if (!root.detail.empty()) j["detail"] = root.detail;
  if (!root.children.empty()) {
    json kids = json::array();
    for (const DocumentSymbol& c : root.children) kids.push_back(toLsp(c, lines, enc));
    j["children"] = std::move(kids);
  }
  return j;
}

json toLsp(const FoldingRange& f) {
  json j = {{"startLine", f.startLine}, {"endLine", f.endLine}};
  j["kind"] = f.kind == FoldingKind::Comment ? "comment" : "region";
  return j;
}

json selectionToLsp(const std::vector<ByteRange>& chain, const LineIndex& lines,
                    PositionEncoding enc) {
  // Build from the outside in; depth is capped by kMaxSelectionDepth.
  json cur;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    json node = {{"range", toLsp(*it, lines, enc)}};
    if (!cur.is_null()) node["parent"] = std::move(cur);
    cur = std::move(node);
  }
  return cur;
}

json toLsp(const std::vector<TextEdit>& edits, const LineIndex& lines, PositionEncoding enc) {
  json out = json::array();
  for (const TextEdit& e : edits)
    out.push_back({{"range", toLsp(e.range, lines, enc)}, {"newText", e.text}});
  return out;
}

Position positionFromLsp(const json& j) {
  if (!j.is_object() || !j.contains("line") || !j.contains("character") ||
      !j["line"].is_number_integer() || !j["character"].is_number_integer()) {
    throw std::invalid_argument("expected a Position {line, character}");
  }
  const auto line = j["line"].get<std::int64_t>();
  const auto ch = j["character"].get<std::int64_t>();
  if (line < 0 || ch < 0) throw std::invalid_argument("negative line or character");
  constexpr std::int64_t kMax = 0xFFFFFFFF;
  return {static_cast<std::uint32_t>(std::min(line, kMax)),
          static_cast<std::uint32_t>(std::min(ch, kMax))};
}

std::string dumpJson(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

// Replaces invalid UTF-8 bytes with U+FFFD and `\uD8xx` escapes not
// followed by a low surrogate (and lone low ones) with `\uFFFD`.
std::string repairBody(const std::string& body) {
  std::string out;
  out.reserve(body.size() + 16);
  const std::string_view b(body);
  auto hex4 = [&](std::size_t i, unsigned& v) {
    if (i + 4 > b.size()) return false;
    v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = b[i + k];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < b.size();) {
    const auto c = static_cast<unsigned char>(b[i]);
    if (c == '\\' && i + 1 < b.size()) {
      unsigned v = 0;
      if (b[i + 1] == 'u' && hex4(i + 2, v) && v >= 0xD800 && v <= 0xDFFF) {
        unsigned lo = 0;
        const bool pair = v <= 0xDBFF && i + 12 <= b.size() && b.substr(i + 6, 2) == "\\u" &&
                          hex4(i + 8, lo) && lo >= 0xDC00 && lo <= 0xDFFF;
        if (pair) {
          out.append(b.substr(i, 12));
          i += 12;
        } else {
          out += "\\uFFFD";
          i += 6;
        }
        continue;
      }
      out.append(b.substr(i, 2));
      i += 2;
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const Utf8Char u = decodeUtf8(b, i);
    if (u.codePoint == 0xFFFD && u.bytes == 1) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(b.substr(i, u.bytes));
    }
    i += u.bytes;
  }
  return out;
}

}  // namespace

json parseJsonLenient(const std::string& body, bool& repaired) {
  repaired = false;
  json j = json::parse(body, nullptr, false);
  if (!j.is_discarded()) return j;
  const std::string fixed = repairBody(body);
  if (fixed == body) return j;
  j = json::parse(fixed, nullptr, false);
  repaired = !j.is_discarded();
  return j;
}

}  // namespace fw::server
