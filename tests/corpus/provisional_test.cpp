// Provisional views: right after an edit inside a long repetition, the
// nodes around the cursor must be those a full parse gives whenever the
// reparsed member is clean.

#include <doctest/doctest.h>

#include <random>

#include "parser/document_view.h"

using namespace fw;

namespace {

std::string packageSet(int n) {
  std::string s = "{ lib, callPackage }:\n{\n";
  for (int i = 0; i < n; ++i) {
    s += "  pkg-" + std::to_string(i) + " = callPackage ./pkgs/p" + std::to_string(i) +
         " { inherit lib; flag = " + (i % 3 ? "true" : "false") + "; };\n";
    if (i % 50 == 0) s += "  # section " + std::to_string(i) + "\n";
  }
  s += "  inherit (lib) version;\n}\n";
  return s;
}

std::string bigList(int n) {
  std::string s = "[\n";
  for (int i = 0; i < n; ++i) s += "  (f \"item-" + std::to_string(i) + "\" { x = " + std::to_string(i) + "; })\n";
  return s + "]\n";
}

std::string describe(const std::vector<Node>& path) {
  std::string out;
  for (const Node& n : path) {
    out += std::string(n.type()) + "[" + std::to_string(n.start()) + "," + std::to_string(n.end()) + "] ";
  }
  return out;
}

// Offsets inside the region (and its edges) whose path we compare.
std::vector<ByteOffset> probes(ByteRange r) {
  std::vector<ByteOffset> out;
  const ByteOffset step = std::max<ByteOffset>(1, r.length() / 12);
  for (ByteOffset o = r.start; o <= r.end; o += step) out.push_back(o);
  out.push_back(r.end);
  return out;
}

}  // namespace

TEST_CASE("an edit inside a package set gets an exact provisional region") {
  const std::string text = packageSet(400);
  const DocumentViewPtr base = DocumentView::exact(SyntaxTree::parse(text));
  const auto at = static_cast<ByteOffset>(text.find("flag = true", text.find("pkg-200 ")) + 7);
  const std::vector<ByteEdit> edit{{at, at + 4, "false"}};
  const DocumentViewPtr v = base->provisional(edit);
  REQUIRE(v->hasRegion());
  CHECK_FALSE(v->isExact());
  CHECK(v->regionClean());
  // The region is the edited binding, not the whole set.
  CHECK(v->region().length() < 120);
  std::string expected = text;
  expected.replace(at, 4, "false");
  CHECK(v->text() == expected);
  const DocumentViewPtr fresh = DocumentView::exact(SyntaxTree::parse(expected));
  for (ByteOffset o : probes(v->region())) {
    INFO("offset " << o);
    CHECK(describe(v->pathAt(o)) == describe(fresh->pathAt(o)));
  }
}

TEST_CASE("small files and edits outside long repetitions have no region") {
  const DocumentViewPtr small = DocumentView::exact(SyntaxTree::parse("{ a = 1; b = 2; }"));
  const std::vector<ByteEdit> e{{6, 7, "3"}};
  const DocumentViewPtr v = small->provisional(e);
  CHECK_FALSE(v->hasRegion());
  CHECK(v->text() == "{ a = 3; b = 2; }");
}

TEST_CASE("random edits in long repetitions: clean regions match a full parse") {
  std::size_t clean = 0, withRegion = 0, total = 0;
  for (int kind = 0; kind < 2; ++kind) {
    const std::string original = kind == 0 ? packageSet(300) : bigList(300);
    std::string text = original;
    std::mt19937 rng(42 + kind);
    // Mostly what typing inside a binding looks like, plus breaking tokens.
    const std::vector<std::string> inserts = {"a", "b", "1", "-", " ", "\n", ";", "=", "{", "}",
                                              "\"", "x = 1;", "é", "😀", "foo.bar", "[ ]",
                                              "# c\n", "(", ")", "z", "_", "x"};
    DocumentViewPtr view = DocumentView::exact(SyntaxTree::parse(text));
    for (int i = 0; i < 300; ++i) {
      const auto a = static_cast<ByteOffset>(std::uniform_int_distribution<std::size_t>(0, text.size())(rng));
      const auto del = static_cast<ByteOffset>(std::uniform_int_distribution<int>(0, 2)(rng) == 0
                                                   ? std::uniform_int_distribution<int>(0, 6)(rng)
                                                   : 0);
      const ByteOffset b = std::min<ByteOffset>(a + del, static_cast<ByteOffset>(text.size()));
      const std::string ins = inserts[std::uniform_int_distribution<std::size_t>(0, inserts.size() - 1)(rng)];
      const std::vector<ByteEdit> edit{{a, b, ins}};
      const bool baseClean = !view->full()->root().hasError();
      const DocumentViewPtr v = view->provisional(edit);
      text.replace(a, b - a, ins);
      REQUIRE(v->text() == text);
      ++total;
      const SyntaxTreePtr fresh = SyntaxTree::parse(text);
      if (v->hasRegion()) {
        ++withRegion;
        if (v->regionClean() && baseClean) {
          ++clean;
          const DocumentViewPtr exact = DocumentView::exact(fresh);
          for (ByteOffset o : probes(v->region())) {
            INFO("kind " << kind << " edit " << i << " offset " << o << " region "
                         << v->region().start << "-" << v->region().end);
            CHECK(describe(v->pathAt(o)) == describe(exact->pathAt(o)));
          }
        }
      }
      // The next edit starts from the complete tree, as the server does
      // once the background reparse lands. Every few edits the file is
      // clean again, as it is most of the time while typing.
      if (i % 5 == 4) text = original;
      view = DocumentView::exact(i % 5 == 4 ? SyntaxTree::parse(text) : fresh);
    }
  }
  MESSAGE("edits " << total << ", with region " << withRegion << ", clean " << clean);
  CHECK(withRegion > total / 2);
  CHECK(clean > total / 8);
}
