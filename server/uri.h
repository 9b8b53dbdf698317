#pragma once
// file:// URIs <-> paths, with percent-encoding as VS Code writes them.

#include <optional>
#include <string>
#include <string_view>

namespace fw::server {

// The path of a file:// URI; nullopt for other schemes (untitled:, …).
[[nodiscard]] std::optional<std::string> uriToPath(std::string_view uri);
[[nodiscard]] std::string pathToUri(std::string_view path);

}  // namespace fw::server
