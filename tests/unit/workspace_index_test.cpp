// The workspace index's text search, which package hovers use instead of
// walking the workspace.

#include <doctest/doctest.h>

#include "server/workspace_index.h"
#include "server/workspace_files.h"

using namespace fw;
using namespace fw::server;

TEST_CASE("workspace index: files under a root whose text contains a needle") {
  auto index = std::make_shared<WorkspaceIndex>();
  auto add = [&](const std::string& path, const std::string& text) {
    index->put(path, WorkspaceIndex::summarise(path, *SyntaxTree::parse(text)));
  };
  add("/ws/pkgs/default.nix", "{ pkgs }: { a = pkgs.callPackage ./a.nix { }; }\n");
  add("/ws/pkgs/a.nix", "{ stdenv }: stdenv.mkDerivation { name = \"a\"; }\n");
  add("/ws/overlay.nix", "final: prev: { }\n");
  add("/other/x.nix", "{ b = callPackage ./b.nix { }; }\n");
  // An open document's newest text counts.
  index->putTree("/ws/open.nix", SyntaxTree::parse("self: super: { c = super.callPackage ./c.nix { }; }\n"));
  CHECK(index->filesContaining("/ws", "callPackage", 10) ==
        std::vector<std::string>{"/ws/open.nix", "/ws/pkgs/default.nix"});
  CHECK(index->filesContaining("/ws/", "", 2) == std::vector<std::string>{"/ws/open.nix", "/ws/overlay.nix"});
  CHECK(index->filesContaining("/w", "", 10).empty());

  WorkspaceFiles files(1 << 20);
  CHECK_FALSE(files.filesContaining("/ws", "x", 10));  // no index: callers walk
  files.setIndex(index);
  // While indexing runs the index holds part of the workspace: callers walk.
  CHECK_FALSE(files.filesContaining("/ws", "prev", 10));
  index->setComplete();
  CHECK(files.filesContaining("/ws", "prev", 10) == std::vector<std::string>{"/ws/overlay.nix"});
  CHECK_FALSE(files.filesContaining("/nowhere", "x", 10));  // nothing indexed there
}
