#pragma once
// The only place that knows LSP's JSON shapes: conversions between
// analysis results (byte offsets) and protocol objects (line/character in
// the negotiated encoding).

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "analysis/features.h"
#include "formatter/format.h"
#include "parser/line_index.h"

namespace fw::server {

using json = nlohmann::json;

namespace errc {
inline constexpr int ParseError = -32700;
inline constexpr int InvalidRequest = -32600;
inline constexpr int MethodNotFound = -32601;
inline constexpr int InvalidParams = -32602;
inline constexpr int InternalError = -32603;
inline constexpr int ServerNotInitialized = -32002;
inline constexpr int RequestFailed = -32803;
inline constexpr int ContentModified = -32801;
inline constexpr int RequestCancelled = -32800;
}  // namespace errc

// An error that becomes a JSON-RPC error response with this code.
struct RpcError : std::runtime_error {
  int code;
  RpcError(int c, const std::string& m) : std::runtime_error(m), code(c) {}
};

// params.textDocument.uri; throws std::invalid_argument when absent.
[[nodiscard]] std::string documentUri(const json& params);
// params.position; throws std::invalid_argument when absent or malformed.
[[nodiscard]] Position positionParam(const json& params);

[[nodiscard]] const char* encodingName(PositionEncoding e);

[[nodiscard]] json toLsp(Position p);
[[nodiscard]] json toLsp(ByteRange r, const LineIndex& lines, PositionEncoding enc);
// `uri` is the document's, for related information.
[[nodiscard]] json toLsp(const Diagnostic& d, const LineIndex& lines, PositionEncoding enc,
                         const std::string& uri = "");
[[nodiscard]] json toLsp(const DocumentSymbol& s, const LineIndex& lines, PositionEncoding enc);
[[nodiscard]] json toLsp(const FoldingRange& f);
// A chain of ranges (innermost first) as a nested SelectionRange.
[[nodiscard]] json selectionToLsp(const std::vector<ByteRange>& chain, const LineIndex& lines,
                                  PositionEncoding enc);

// TextEdits (byte ranges of `lines`' text) as LSP TextEdit[].
[[nodiscard]] json toLsp(const std::vector<TextEdit>& edits, const LineIndex& lines,
                         PositionEncoding enc);

// Throws std::invalid_argument with a readable message on bad shapes.
[[nodiscard]] Position positionFromLsp(const json& j);

// Serialises without ever throwing on invalid UTF-8 (replaced by U+FFFD).
[[nodiscard]] std::string dumpJson(const json& j);

// Parses a message body. Bodies with invalid UTF-8 or lone UTF-16
// surrogate escapes (which some clients produce) are repaired with U+FFFD,
// one replacement per unit so that UTF-16 positions stay aligned; `repaired`
// tells the caller. Returns a discarded value on syntax errors.
[[nodiscard]] json parseJsonLenient(const std::string& body, bool& repaired);

}  // namespace fw::server
