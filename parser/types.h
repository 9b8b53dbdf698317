#pragma once
// Plain position and diagnostic types shared by every layer. Offsets are
// byte offsets into the document's UTF-8 text; only LineIndex knows lines.

#include <cstdint>
#include <string>
#include <vector>

namespace fw {

using ByteOffset = std::uint32_t;

struct ByteRange {
  ByteOffset start = 0;
  ByteOffset end = 0;

  [[nodiscard]] ByteOffset length() const { return end - start; }
  [[nodiscard]] bool contains(ByteOffset o) const { return start <= o && o < end; }
  // Inclusive of the end: a cursor right after a token touches it.
  [[nodiscard]] bool touches(ByteOffset o) const { return start <= o && o <= end; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

enum class Severity { Error = 1, Warning = 2, Information = 3, Hint = 4 };

enum class DiagnosticTag { Unnecessary = 1, Deprecated = 2 };

// Another place in the same file that explains a diagnostic (LSP's
// relatedInformation), e.g. the first definition of a duplicate.
struct RelatedInfo {
  ByteRange range;
  std::string message;
  friend bool operator==(const RelatedInfo&, const RelatedInfo&) = default;
};

struct Diagnostic {
  ByteRange range;
  Severity severity = Severity::Error;
  std::string code;     // stable, e.g. "syntax-error"
  std::string message;  // one sentence, no trailing period
  std::vector<DiagnosticTag> tags;
  std::vector<RelatedInfo> related;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

[[nodiscard]] const char* severityName(Severity s);

// One replacement of a byte range of a text (rename, formatting, fixes).
struct TextEdit {
  ByteRange range;
  std::string text;
  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};

}  // namespace fw
