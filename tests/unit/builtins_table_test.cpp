#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "analysis/builtins_table.h"

using namespace fw;

TEST_CASE("builtin table is sorted, unique and complete") {
  auto table = builtinTable();
  REQUIRE(!table.empty());
  for (std::size_t i = 1; i < table.size(); ++i) {
    INFO(table[i - 1].name, " / ", table[i].name);
    CHECK(table[i - 1].name < table[i].name);  // strictly increasing: sorted and unique
  }
  std::size_t in28 = 0, globals = 0;
  for (const auto& b : table) {
    INFO(b.name);
    CHECK(!b.signature.empty());
    CHECK(b.signature.starts_with(std::string(b.name) + " :: "));
    CHECK(!b.doc.empty());
    in28 += b.since28;
    globals += b.global;
    if (b.global) CHECK(b.since28);
  }
  CHECK(in28 == 109);
  CHECK(globals == 22);
  CHECK(table.size() == 119);
}

TEST_CASE("findBuiltin") {
  const BuiltinInfo* m = findBuiltin("map");
  REQUIRE(m != nullptr);
  CHECK(m->name == "map");
  CHECK(m->global);
  CHECK(m->since28);

  const BuiltinInfo* f = findBuiltin("foldl'");
  REQUIRE(f != nullptr);
  CHECK(f->name == "foldl'");
  CHECK(!f->global);

  const BuiltinInfo* g = findBuiltin("getFlake");
  REQUIRE(g != nullptr);
  CHECK(!g->since28);

  CHECK(findBuiltin("abort") == &builtinTable().front());
  CHECK(findBuiltin("zipAttrsWith") == &builtinTable().back());
  CHECK(findBuiltin("foldl") == nullptr);
  CHECK(findBuiltin("foo") == nullptr);
  CHECK(findBuiltin("") == nullptr);
  CHECK(findBuiltin("__add") == nullptr);
  CHECK(findBuiltin("zzz") == nullptr);
}

TEST_CASE("isGlobalName") {
  for (std::string_view n : {"map", "true", "false", "null", "builtins", "import", "toString",
                             "__add", "__curPos", "__nixPath", "__storeDir",
                             "__currentSystem", "__currentTime", "__nixVersion",
                             "__langVersion", "__foldl'"}) {
    INFO(n);
    CHECK(isGlobalName(n));
  }
  // Global builtins have no `__` alias in Nix (`__map` is undefined).
  // Aliases of builtins newer than Nix 2.8 follow 2.8: undefined.
  for (std::string_view n : {"add", "foo", "getFlake", "nixPath", "curPos", "__", "__foo",
                             "__map", "__true", "__builtins", "", "_add", "__getFlake", "__warn"}) {
    INFO(n);
    CHECK(!isGlobalName(n));
  }
}

TEST_CASE("keyword table") {
  auto kws = keywordTable();
  CHECK(kws.size() == 10);
  for (std::size_t i = 1; i < kws.size(); ++i) CHECK(kws[i - 1].keyword < kws[i].keyword);
  for (const auto& k : kws) {
    INFO(k.keyword);
    CHECK(!k.syntax.empty());
    CHECK(!k.doc.empty());
    CHECK(k.syntax.find(k.keyword) != std::string_view::npos);
  }
  for (std::string_view k : {"let", "in", "rec", "with", "inherit", "if", "then", "else",
                             "assert", "or"}) {
    const KeywordInfo* info = findKeyword(k);
    REQUIRE(info != nullptr);
    CHECK(info->keyword == k);
  }
  CHECK(findKeyword("true") == nullptr);
  CHECK(findKeyword("map") == nullptr);
  CHECK(findKeyword("") == nullptr);
}
