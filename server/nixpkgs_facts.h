#pragma once
// Facts about a nixpkgs package (version, description, homepage, license,
// main program, where nixpkgs defines it) from a child `nix-instantiate`
// process, for hovers on names the workspace does not define. The child
// runs with a time limit and an address-space limit; answers (and
// failures) are cached per nixpkgs and attribute for the session.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace fw::server {

struct NixpkgsConfig {
  // A nixpkgs directory (settings `packages.sources`, first entry); empty:
  // `<nixpkgs>` from NIX_PATH when nix-instantiate finds one.
  std::string source;
  std::chrono::milliseconds timeout{20000};
  std::size_t memoryMiB = 4096;
  std::string nixInstantiate = "nix-instantiate";
};

class NixpkgsFacts {
 public:
  // Markdown for the hover of `name` (an attribute path such as `openssl`
  // or `python3Packages.requests`), or nullopt when no nixpkgs is
  // available. A failed evaluation gives a short note saying why.
  [[nodiscard]] std::optional<std::string> markdown(const std::string& name, const NixpkgsConfig& config);

 private:
  std::optional<std::string> resolveSource(const NixpkgsConfig& config);

  std::mutex mutex_;
  std::map<std::string, std::string> cache_;  // source + "\n" + name -> markdown
  std::map<std::string, std::optional<std::string>> sources_;  // nix-instantiate -> <nixpkgs>
};

}  // namespace fw::server
