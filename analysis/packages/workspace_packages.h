#pragma once
// The packages a workspace defines itself, for hover and completion where
// they are used: `pkgs.nur.constellation`, `self.packages.${system}.x`,
// `inherit (pkgs.nur) x`, `buildInputs = [ x ]`, `callPackage ./x.nix { }`
// and the names an overlay or package set binds.
//
// Where a name is defined is read from syntax over the workspace's files
// (a binding whose value calls `…callPackage <path>`); which names a set
// such as `pkgs.nur` has is followed through set literals, `//`, `let`,
// functions, `import <path>` and `makeScope`/`makeExtensible`. The facts
// of a package (pname, version, meta, the pinned source) are read from the
// builder and fetcher calls of its file; values that are not literals are
// evaluated in their scope by the evaluator (`evalAt`), and shown as
// written when that fails (a value that needs nixpkgs).

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "analysis/completion.h"
#include "analysis/context.h"
#include "analysis/navigation.h"

namespace fw::eval {
class Evaluator;
struct EvalSettings;
}  // namespace fw::eval

namespace fw::packages {

// The evaluator and its settings, when the caller has one.
struct EvalAccess {
  eval::Evaluator* evaluator = nullptr;
  const eval::EvalSettings* settings = nullptr;
};

struct WorkspacePackage {
  std::string name;         // attribute name (constellation)
  std::string boundIn;      // file of the binding
  ByteRange nameRange;      // in boundIn
  std::string packageFile;  // the file callPackage loads (dir/default.nix resolved)
};

// Every `name = …callPackage ./path …;` binding under `root` (a directory
// walked through ctx.files, at most `maxFiles` .nix files).
[[nodiscard]] std::vector<WorkspacePackage> findWorkspacePackages(const Files& files, const std::string& root,
                                                                  std::size_t maxFiles = 2000);

// The directory a feature looks at: the nearest directory above `path`
// with a flake.nix, else the file's own directory.
[[nodiscard]] std::string workspaceRootOf(const Files& files, const std::string& path);

struct PackageFacts {
  std::string builder;  // as written: craneLib.buildPackage
  std::string pname, version, name, description, homepage, license, mainProgram;
  std::string source;   // github:owner/repo@rev, a URL, …
  std::string sourceFetcher;
};
// The facts of the package in `file` (its first builder call).
[[nodiscard]] std::optional<PackageFacts> packageFacts(const Files& files, const std::string& file,
                                                       const EvalAccess& eval, std::stop_token stop = {});
[[nodiscard]] std::string factsMarkdown(const std::string& name, const PackageFacts& facts,
                                        const std::string& definedAt);

// Hover on a package name (see the top of this file); for a name under
// `pkgs.` that the workspace does not define, says where it would come
// from (nixpkgs) rather than nothing.
// `nixpkgsName`, when given, is set to the attribute name (`openssl`) of
// a name the workspace does not define, for the server to ask a child
// `nix-instantiate` about (analysis runs no processes).
[[nodiscard]] std::optional<HoverResult> workspacePackageHover(const DocumentView& view, ByteOffset offset,
                                                               const FeatureContext& ctx, const EvalAccess& eval,
                                                               std::string* nixpkgsName = nullptr);

// Completion after `pkgs.`, `final.`, `prev.` (the attributes the
// workspace's overlays add) and `pkgs.<set>.` (the names of that set).
[[nodiscard]] std::optional<CompletionResult> workspacePackageCompletion(const DocumentView& view, ByteOffset offset,
                                                                         const FeatureContext& ctx);

}  // namespace fw::packages
