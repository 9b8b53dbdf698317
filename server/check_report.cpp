#include "server/check_report.h"

#include <map>

#include "analysis/diagnostic_codes.h"
#include "server/version.h"

namespace fw::server {

namespace {

const char* sarifLevel(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    default: return "note";
  }
}

// "syntax-error" -> "SyntaxError"
std::string ruleName(std::string_view code) {
  std::string out;
  bool up = true;
  for (char c : code) {
    if (c == '-') {
      up = true;
      continue;
    }
    out += up && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    up = false;
  }
  return out;
}

// 1-based column in code points of `offset` on its line.
std::size_t charColumn(const SyntaxTree& t, ByteOffset offset) {
  const std::uint32_t line = t.lines().lineOf(offset);
  const ByteOffset ls = t.lines().lineStart(line);
  const std::string_view src = t.text();
  std::size_t n = 0;
  for (std::size_t i = ls; i < offset && i < src.size();) {
    i += decodeUtf8(src, i).bytes;
    ++n;
  }
  return n + 1;
}

std::string escapeData(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escapeProperty(std::string_view s) {
  std::string out;
  for (char c : escapeData(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string pathToUri(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = path.starts_with('/') ? "file://" : "";
  for (unsigned char c : path) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '+' || c == '@';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

json sarifLog(const std::vector<CheckedFile>& files, bool executionSuccessful) {
  json rules = json::array();
  std::map<std::string, std::size_t> ruleIndex;
  for (const DiagnosticCodeInfo& c : diagnosticCodes()) {
    ruleIndex[std::string(c.code)] = rules.size();
    rules.push_back({{"id", c.code},
                     {"name", ruleName(c.code)},
                     {"shortDescription", {{"text", c.summary}}},
                     {"fullDescription", {{"text", c.summary}}},
                     {"help", {{"text", c.summary}}},
                     {"defaultConfiguration", {{"level", sarifLevel(c.severity)}}}});
  }
  json results = json::array();
  for (const CheckedFile& f : files) {
    if (!f.tree) continue;
    for (const Diagnostic& d : f.diagnostics) {
      const Position s = f.tree->lines().position(d.range.start, PositionEncoding::Utf16);
      Position e = f.tree->lines().position(d.range.end, PositionEncoding::Utf16);
      // An empty range (an insertion point) is shown as the character there.
      if (e == s) e.character = s.character + 1;
      json artifact = {{"uri", pathToUri(f.path)}};
      if (!f.path.starts_with('/')) artifact["uriBaseId"] = "%SRCROOT%";
      json r = {{"ruleId", d.code},
                {"level", sarifLevel(d.severity)},
                {"message", {{"text", d.message}}},
                {"locations",
                 json::array({{{"physicalLocation",
                                {{"artifactLocation", artifact},
                                 {"region",
                                  {{"startLine", s.line + 1},
                                   {"startColumn", s.character + 1},
                                   {"endLine", e.line + 1},
                                   {"endColumn", e.character + 1}}}}}}})}};
      const auto idx = ruleIndex.find(d.code);
      if (idx != ruleIndex.end()) r["ruleIndex"] = idx->second;
      results.push_back(std::move(r));
    }
  }
  json run = {{"tool",
               {{"driver",
                 {{"name", "flakewise"},
                  {"version", kVersion},
                  {"semanticVersion", kVersion},
                  {"rules", std::move(rules)}}}}},
              {"columnKind", "utf16CodeUnits"},
              {"originalUriBaseIds", {{"%SRCROOT%", {{"description", {{"text", "The directory flakewise check ran in."}}}}}}},
              {"invocations", json::array({{{"executionSuccessful", executionSuccessful}}})},
              {"results", std::move(results)}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({std::move(run)})}};
}

std::string githubAnnotations(const std::vector<CheckedFile>& files) {
  std::string out;
  for (const CheckedFile& f : files) {
    if (!f.tree) continue;
    for (const Diagnostic& d : f.diagnostics) {
      const char* kind = d.severity == Severity::Error     ? "error"
                         : d.severity == Severity::Warning ? "warning"
                                                           : "notice";
      const std::uint32_t line = f.tree->lines().lineOf(d.range.start);
      const std::uint32_t endLine = f.tree->lines().lineOf(std::max(d.range.end, d.range.start));
      out += "::";
      out += kind;
      out += " file=" + escapeProperty(f.path) + ",line=" + std::to_string(line + 1) +
             ",col=" + std::to_string(charColumn(*f.tree, d.range.start)) +
             ",endLine=" + std::to_string(endLine + 1);
      if (endLine == line) {
        const std::size_t endCol = charColumn(*f.tree, d.range.end);
        out += ",endColumn=" + std::to_string(std::max(endCol, charColumn(*f.tree, d.range.start)));
      }
      out += ",title=" + escapeProperty("flakewise " + d.code) + "::" + escapeData(d.message) + "\n";
    }
  }
  return out;
}

}  // namespace fw::server
