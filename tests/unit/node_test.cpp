// parser/node.h: the child iteration and walks on a null node.

#include <doctest/doctest.h>

#include "parser/node.h"

using namespace fw;

TEST_CASE("forEachChild and the walks visit nothing from a null node") {
  // tree-sitter's cursor crashes on a null node (found by fuzz_session:
  // renameAttribute asked for the bindings of a set that had none).
  const Node none;
  REQUIRE_FALSE(none);
  int visited = 0;
  forEachChild(none, [&](Node, TSFieldId) { return ++visited > 0; });
  walk(none, [&](Node) { return ++visited > 0; });
  walkEnterExit(none, [&](Node, TSFieldId) { return ++visited > 0; }, [&](Node) { ++visited; });
  walkWithAncestors(none, [&](Node, std::span<const Node>) { return ++visited > 0; });
  CHECK(visited == 0);
}
