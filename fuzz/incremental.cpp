// Fuzz target: incremental edit sequences.
//
// The input is a Nix text (the front) and, read from the end, a header byte
// and up to 31 edits of four bytes (position, deletion length, insertion).
// The edits go to SyntaxTree::edit the way the server sends them (byte
// edits, or editor changes in UTF-16 positions; several per didChange), and
// after every batch:
//   - the incremental tree prints exactly like a fresh parse of the same
//     text (node types, ranges, tokens), with the same diagnostics and the
//     same normalised commas;
//   - the provisional DocumentView made from the previous tree has the new
//     text, and when its reparsed region is clean (and the previous tree
//     was), the nodes around every offset in the region are those of the
//     fresh parse.
// The header can wrap the text in a long repetition (a set of 300 bindings,
// a list of 300 elements, a let of 300 bindings) so that edits land inside
// one and provisional views get reparsed regions.

#include <string>
#include <vector>

#include "fuzz/fuzz_input.h"
#include "parser/document_view.h"
#include "parser/normalize.h"
#include "parser/tree_dump.h"
#include "analysis/features.h"

using namespace fw;

namespace {

// What an editor inserts: tokens, half-typed constructs, quotes, brackets,
// escapes, multi-byte and astral characters, line breaks of every kind.
const std::vector<std::string> kInserts = {
    "a", "x", " ", "\n", "\r\n", "\r", ";", "=", "{", "}", "[", "]", "(", ")", "\"", "''",
    "${", ",", ":", "@", "...", ".", "?", "//", "++", "#", "/*", "*/", "let ", " in ",
    "inherit ", "rec ", "with ", "if ", " then ", " else ", "\xC3\xA9", "\xCE\xBB",
    "\xF0\x9F\x98\x80", "\xE6\x97\xA5", "foo = 1;", "{ a, b, }: a", "bar.baz", "./path/${x}",
    "\t", "1.5", "true", "  services.foo.enable = true;\n", ", # comment\n", "}:", "\\", "$",
    "''$", "'''", "\\\"", "\0", "\xFF", "\xC3", "or", "assert ", "-", "!", "<nixpkgs>",
    "https://x.org/a", "~/p", "1e5", "0x", "__curPos", "}\n", "\n  ", "a.\"b\".${c} = d;"};

struct Control {
  std::uint16_t pos;
  std::uint8_t del;
  std::uint8_t ins;
};

std::string dump(const SyntaxTree& t) {
  return dumpTree(t, {.anonymous = true, .ranges = true, .bytes = true});
}

std::string diagDump(const SyntaxTree& t) {
  std::string out;
  for (const Diagnostic& d : fileDiagnostics(t))
    out += std::to_string(d.range.start) + "-" + std::to_string(d.range.end) + " " + d.code + " " + d.message + "\n";
  return out;
}

std::string describe(const std::vector<Node>& path) {
  std::string out;
  for (const Node& n : path)
    out += std::string(n.type()) + "[" + std::to_string(n.start()) + "," + std::to_string(n.end()) + "] ";
  return out;
}

// The first line where two dumps differ, for the crash report.
std::string firstDifference(const std::string& a, const std::string& b) {
  std::size_t i = 0, line = 1;
  while (i < a.size() && i < b.size() && a[i] == b[i]) {
    if (a[i] == '\n') ++line;
    ++i;
  }
  auto lineAt = [](const std::string& s, std::size_t at) {
    const std::size_t start = s.rfind('\n', at == 0 ? 0 : at - 1);
    const std::size_t from = start == std::string::npos ? 0 : start + 1;
    return s.substr(from, s.find('\n', from) - from);
  };
  return "line " + std::to_string(line) + ":\n  incremental: " + lineAt(a, i) + "\n  fresh:       " + lineAt(b, i);
}

void repetition(int kind, std::string& prefix, std::string& suffix) {
  prefix.clear();
  suffix.clear();
  if (kind == 1) {
    prefix = "{\n";
    for (int i = 0; i < 150; ++i) prefix += "  a" + std::to_string(i) + " = f " + std::to_string(i) + ";\n";
    prefix += "  edited = ";
    suffix = ";\n";
    for (int i = 150; i < 300; ++i) suffix += "  b" + std::to_string(i) + " = { x = " + std::to_string(i) + "; };\n";
    suffix += "}\n";
  } else if (kind == 2) {
    prefix = "[\n";
    for (int i = 0; i < 150; ++i) prefix += "  (f " + std::to_string(i) + ")\n";
    prefix += "  (";
    suffix = ")\n";
    for (int i = 150; i < 300; ++i) suffix += "  \"s" + std::to_string(i) + "\"\n";
    suffix += "]\n";
  } else if (kind == 3) {
    prefix = "let\n";
    for (int i = 0; i < 150; ++i) prefix += "  v" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
    prefix += "  edited = ";
    suffix = ";\n";
    for (int i = 150; i < 300; ++i) suffix += "  w" + std::to_string(i) + " = v" + std::to_string(i - 150) + ";\n";
    suffix += "in v1\n";
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 32 * 1024) return 0;
  fuzz::InputReader in(data, size);
  const std::uint8_t header = in.byte();
  const unsigned count = in.byte() % 32;
  std::vector<Control> controls;
  for (unsigned i = 0; i < count && in.remaining() >= 4; ++i) {
    Control c;
    c.pos = in.u16();
    c.del = in.byte();
    c.ins = in.byte();
    controls.push_back(c);
  }
  const bool utf16 = header & 0x04;
  std::string prefix, suffix;
  repetition(header & 0x03, prefix, suffix);
  std::string reference = prefix;
  reference += in.rest();
  reference += suffix;

  SyntaxTreePtr tree = SyntaxTree::parse(reference);
  std::size_t i = 0;
  while (i < controls.size()) {
    // One didChange: this control and the following ones marked "same batch".
    std::vector<ByteEdit> byteEdits;
    std::vector<TextChange> changes;
    const std::string before = reference;
    do {
      const Control& c = controls[i];
      const std::size_t hi = reference.size() - std::min(reference.size() - prefix.size(), suffix.size());
      const std::size_t lo = std::min(prefix.size(), hi);
      auto a = static_cast<ByteOffset>(lo + fuzz::scaled(c.pos, hi - lo));
      std::size_t len = c.del & 0x1F;
      if (c.del & 0x20) len *= 16;
      auto b = static_cast<ByteOffset>(std::min<std::size_t>(reference.size(), a + len));
      std::string ins = c.ins < kInserts.size() ? kInserts[c.ins] : std::string(1, static_cast<char>(c.ins));
      if (utf16) {
        // As an editor: positions in UTF-16 code units, resolved the way
        // the server resolves them.
        const LineIndex idx(reference);
        const Position pa = idx.position(a, PositionEncoding::Utf16);
        const Position pb = idx.position(b, PositionEncoding::Utf16);
        a = idx.offset(pa, PositionEncoding::Utf16);
        b = std::max(a, idx.offset(pb, PositionEncoding::Utf16));
        changes.push_back({TextChange::Span{pa, pb}, ins});
      }
      byteEdits.push_back({a, b, ins});
      reference.replace(a, b - a, ins);
      ++i;
    } while (i < controls.size() && (controls[i].del & 0x80));

    const SyntaxTreePtr previous = tree;
    tree = utf16 ? previous->edit(changes, PositionEncoding::Utf16) : previous->edit(byteEdits);
    FUZZ_CHECK(tree->text() == reference, "the edited text differs from the reference");
    const SyntaxTreePtr fresh = SyntaxTree::parse(reference);
    const std::string got = dump(*tree), want = dump(*fresh);
    FUZZ_CHECK(got == want, "incremental tree differs from a fresh parse at " + firstDifference(got, want));
    FUZZ_CHECK(diagDump(*tree) == diagDump(*fresh), "diagnostics differ:\n" + diagDump(*tree) + "fresh:\n" + diagDump(*fresh));
    FUZZ_CHECK(tree->normalised() == findNormalisations(reference), "normalised commas differ");

    // The provisional view the server would answer from meanwhile. (Its
    // edits are byte edits of the previous text, as Document::change makes.)
    std::vector<ByteEdit> viewEdits = byteEdits;
    if (utf16) viewEdits = toByteEdits(before, previous->lines(), changes, PositionEncoding::Utf16);
    const DocumentViewPtr view = DocumentView::exact(previous)->provisional(viewEdits);
    FUZZ_CHECK(view->text() == reference, "the provisional view's text differs from the reference");
    if (view->hasRegion()) {
      const ByteRange r = view->region();
      FUZZ_CHECK(r.start <= r.end && r.end <= reference.size(), "region out of the text");
      if (view->regionClean() && !previous->root().hasError()) {
        const DocumentViewPtr exact = DocumentView::exact(fresh);
        const ByteOffset step = std::max<ByteOffset>(1, r.length() / 16);
        for (ByteOffset o = r.start; o <= r.end; o += step) {
          const std::string p = describe(view->pathAt(o)), q = describe(exact->pathAt(o));
          FUZZ_CHECK(p == q, "provisional path at " + std::to_string(o) + " (region " + std::to_string(r.start) +
                                 "-" + std::to_string(r.end) + "):\n  " + p + "\nfresh:\n  " + q);
        }
      }
    }
  }
  return 0;
}
