// The parser's nesting limit against Nix's own (parser/nesting.h): for each
// construct, the deepest nesting nix-instantiate --parse accepts, found by
// bisection. flakewise must read every text Nix reads (no stop at Nix's
// deepest), and for the constructs it models exactly, stop within eight
// levels of where Nix does.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "parser/nesting.h"
#include "tests/corpus/corpus_files.h"

using namespace fw;
using namespace fw::test;
using namespace fw::test::corpus;

namespace {

std::string nested(const std::string& open, const std::string& mid, const std::string& close, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += open;
  out += mid;
  for (std::size_t i = 0; i < n; ++i) out += close;
  return out;
}

bool nixReads(const std::filesystem::path& file, const std::string& text) {
  REQUIRE(writeBytes(file, text));
  const RunResult r = run({nixCommand(), "--parse", file.string()});
  return r.err.find("memory exhausted") == std::string::npos;
}

}  // namespace

TEST_CASE("nesting: flakewise reads every nesting Nix reads, and stops near where Nix stops") {
  requireNix();
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "flakewise-nesting-nix-test.nix";
  struct Case {
    std::string open, mid, close;
    bool exact;  // modelled entry for entry: stops within 8 levels of Nix
  };
  const Case cases[] = {
      {"(", "x", ")", true},           {"[", "x", "]", true},          {"{ a = ", "x", "; }", true},
      {"rec { a = ", "x", "; }", true}, {"let a = ", "x", "; in a", true}, {"a: ", "x", "", true},
      {"{ a }: ", "x", "", true},      {"if a then ", "x", " else x", true}, {"if a then x else ", "x", "", true},
      {"with a; ", "x", "", true},     {"assert a; ", "x", "", true},  {"let in ", "x", "", true},
      {"x ++ ", "x", "", true},        {"x // ", "x", "", true},       {"x -> ", "x", "", true},
      {"! ", "x", "", true},           {"\"${", "x", "}\"", true},     {"''${", "x", "}''", true},
      {"f (", "x", ")", true},         {"[ x ", "x", " ]", true},      {"x.${", "a", "}", true},
      {"let a = 1; in ", "x", "", true}, {"x: { a = ", "x", "; }", true}, {"- (", "x", ")", true},
      {"(if a then x else ", "x", ")", true},
      // Counted lower than Nix does (safe: flakewise stops later).
      {"{ a ? ", "x", " }: x", false}, {"x@{ a }: ", "x", "", false}, {"./a/${", "x", "}", false},
      {"x.a or ", "x", "", false},
      // No limit in Nix: left-nested.
      {"x + ", "x", "", false},        {"f ", "x", "", false},         {"- x + ", "x", "", false},
  };
  for (const Case& c : cases) {
    INFO(c.open);
    std::size_t lo = 1, hi = 12000;
    if (nixReads(file, nested(c.open, c.mid, c.close, hi))) {
      // Nix has no limit here: neither has flakewise.
      CHECK(findTooDeepNesting(nested(c.open, c.mid, c.close, hi)) == std::string::npos);
      continue;
    }
    while (hi - lo > 1) {
      const std::size_t m = (lo + hi) / 2;
      (nixReads(file, nested(c.open, c.mid, c.close, m)) ? lo : hi) = m;
    }
    INFO("Nix reads " << lo << " levels");
    CHECK(findTooDeepNesting(nested(c.open, c.mid, c.close, lo)) == std::string::npos);
    if (c.exact) CHECK(findTooDeepNesting(nested(c.open, c.mid, c.close, lo + 8)) != std::string::npos);
  }
  std::filesystem::remove(file);
}
