#pragma once
// LSP conversions for the editing features (semantic tokens, signature
// help, code actions), exposed for tests and benchmarks. The handlers
// themselves are Session::handleEditFeature in handlers_edit.cpp.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/semantic_tokens.h"
#include "server/protocol.h"

namespace fw::server {

// The legend advertised in the capabilities.
[[nodiscard]] json semanticTokensLegend();

// LSP's relative encoding: five integers per token (line delta, start
// delta, length, type, modifiers), positions in the negotiated encoding.
// Tokens must be sorted and each on one line.
[[nodiscard]] std::vector<std::uint32_t> encodeSemanticTokens(std::span<const SemanticToken> tokens,
                                                              const LineIndex& lines,
                                                              PositionEncoding enc);

// The integers as a JSON array.
[[nodiscard]] json semanticTokensJson(std::span<const std::uint32_t> data);

// One SemanticTokensEdit turning `before` into `after`: the common prefix
// and suffix are kept, the middle is replaced. Nothing when equal.
struct TokensEdit {
  std::uint32_t start = 0;
  std::uint32_t deleteCount = 0;
  std::vector<std::uint32_t> data;
};
[[nodiscard]] std::optional<TokensEdit> diffSemanticTokens(std::span<const std::uint32_t> before,
                                                           std::span<const std::uint32_t> after);

// The last full result sent for each document, so that a delta request can
// be answered with the difference. Thread-safe: requests run on the pool.
class SemanticTokensCache {
 public:
  using Data = std::shared_ptr<const std::vector<std::uint32_t>>;
  // The result with this id, if it is still the one kept for `uri`.
  [[nodiscard]] Data find(const std::string& uri, const std::string& resultId) const;
  // Keeps `data` as the newest result for `uri`; returns its id.
  std::string store(const std::string& uri, Data data);
  void forget(const std::string& uri);

 private:
  struct Entry {
    std::string resultId;
    Data data;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::uint64_t next_ = 1;
};

}  // namespace fw::server
