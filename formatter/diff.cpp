// Minimal edits and unified diffs, both from one O(ND) diff (Myers, in
// linear space with the middle-snake split). A work budget bounds the time
// on texts that differ everywhere; past it the rest counts as replaced.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "formatter/format.h"

namespace fw {

namespace {

using Eq = std::function<bool(int, int)>;
using Match = std::pair<int, int>;

class Myers {
 public:
  explicit Myers(Eq eq, std::int64_t budget) : eq_(std::move(eq)), budget_(budget) {}

  std::vector<Match> run(int n, int m) {
    std::vector<Match> out;
    solve(0, n, 0, m, out);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  struct Snake {
    int x, y, u, v;
    bool ok;
  };

  void solve(int a0, int a1, int b0, int b1, std::vector<Match>& out) {
    while (a0 < a1 && b0 < b1 && eq_(a0, b0)) out.push_back({a0++, b0++});
    while (a0 < a1 && b0 < b1 && eq_(a1 - 1, b1 - 1)) out.push_back({--a1, --b1});
    if (a0 == a1 || b0 == b1) return;
    const Snake s = middle(a0, a1, b0, b1);
    if (!s.ok || (s.x == a0 && s.y == b0 && s.u == a1 && s.v == b1)) return;
    solve(a0, s.x, b0, s.y, out);
    for (int i = s.x; i < s.u; ++i) out.push_back({i, s.y + (i - s.x)});
    solve(s.u, a1, s.v, b1, out);
  }

  Snake middle(int a0, int a1, int b0, int b1) {
    const int n = a1 - a0, m = b1 - b0, delta = n - m;
    const bool odd = (delta & 1) != 0;
    const int max = (n + m + 1) / 2;
    const int off = max + 1;
    vf_.assign(2 * static_cast<std::size_t>(max) + 3, 0);
    vb_.assign(2 * static_cast<std::size_t>(max) + 3, 0);
    for (int d = 0; d <= max; ++d) {
      for (int k = -d; k <= d; k += 2) {
        int x = (k == -d || (k != d && vf_[off + k - 1] < vf_[off + k + 1])) ? vf_[off + k + 1]
                                                                            : vf_[off + k - 1] + 1;
        int y = x - k;
        const int sx = x, sy = y;
        while (x < n && y < m && eq_(a0 + x, b0 + y)) ++x, ++y;
        vf_[off + k] = x;
        if (--budget_ < 0) return {0, 0, 0, 0, false};
        if (odd && k >= delta - (d - 1) && k <= delta + (d - 1) && x + vb_[off + delta - k] >= n)
          return {a0 + sx, b0 + sy, a0 + x, b0 + y, true};
      }
      for (int k = -d; k <= d; k += 2) {
        int x = (k == -d || (k != d && vb_[off + k - 1] < vb_[off + k + 1])) ? vb_[off + k + 1]
                                                                            : vb_[off + k - 1] + 1;
        int y = x - k;
        const int sx = x, sy = y;
        while (x < n && y < m && eq_(a0 + n - 1 - x, b0 + m - 1 - y)) ++x, ++y;
        vb_[off + k] = x;
        if (--budget_ < 0) return {0, 0, 0, 0, false};
        if (!odd && delta - k >= -d && delta - k <= d && x + vf_[off + delta - k] >= n)
          return {a0 + n - x, b0 + m - y, a0 + n - sx, b0 + m - sy, true};
      }
    }
    return {0, 0, 0, 0, false};
  }

  Eq eq_;
  std::int64_t budget_;
  std::vector<int> vf_, vb_;
};

bool isWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Words: maximal runs of non-whitespace, split further at punctuation so
// that an added comma is an insertion, not a changed word.
struct Word {
  std::size_t start, end;
};

std::vector<Word> words(std::string_view s) {
  std::vector<Word> out;
  std::size_t i = 0;
  auto wordChar = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '\'' || c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
  };
  while (i < s.size()) {
    if (isWs(s[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (wordChar(s[i])) {
      while (i < s.size() && wordChar(s[i])) ++i;
    } else {
      ++i;
    }
    out.push_back({start, i});
  }
  return out;
}

void addEdit(std::vector<TextEdit>& out, std::string_view before, std::size_t a0, std::size_t a1,
             std::string_view after, std::size_t b0, std::size_t b1) {
  // Trim what the two sides share at either end.
  while (a0 < a1 && b0 < b1 && before[a0] == after[b0]) ++a0, ++b0;
  while (a0 < a1 && b0 < b1 && before[a1 - 1] == after[b1 - 1]) --a1, --b1;
  if (a0 == a1 && b0 == b1) return;
  out.push_back({{static_cast<ByteOffset>(a0), static_cast<ByteOffset>(a1)},
                 std::string(after.substr(b0, b1 - b0))});
}

}  // namespace

std::vector<TextEdit> diffEdits(std::string_view before, std::string_view after) {
  std::vector<TextEdit> out;
  if (before == after) return out;
  const std::vector<Word> wa = words(before), wb = words(after);
  auto text = [](std::string_view s, const Word& w) { return s.substr(w.start, w.end - w.start); };
  std::vector<Match> matches;
  bool same = wa.size() == wb.size();
  for (std::size_t i = 0; same && i < wa.size(); ++i) same = text(before, wa[i]) == text(after, wb[i]);
  if (same) {
    matches.reserve(wa.size());
    for (std::size_t i = 0; i < wa.size(); ++i) matches.push_back({static_cast<int>(i), static_cast<int>(i)});
  } else {
    Myers my([&](int i, int j) { return text(before, wa[i]) == text(after, wb[j]); }, 50'000'000);
    matches = my.run(static_cast<int>(wa.size()), static_cast<int>(wb.size()));
  }
  // Between consecutive matched words, replace what lies between.
  std::size_t pa = 0, pb = 0;
  for (const Match& mt : matches) {
    const Word& x = wa[static_cast<std::size_t>(mt.first)];
    const Word& y = wb[static_cast<std::size_t>(mt.second)];
    addEdit(out, before, pa, x.start, after, pb, y.start);
    pa = x.end;
    pb = y.end;
  }
  addEdit(out, before, pa, before.size(), after, pb, after.size());
  return out;
}

std::string applyEdits(std::string_view text, const std::vector<TextEdit>& edits) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (const TextEdit& e : edits) {
    out.append(text.substr(at, e.range.start - at));
    out.append(e.text);
    at = e.range.end;
  }
  out.append(text.substr(at));
  return out;
}

namespace {

std::vector<std::string_view> splitLines(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t nl = s.find('\n', i);
    if (nl == std::string_view::npos) {
      out.push_back(s.substr(i));
      break;
    }
    out.push_back(s.substr(i, nl + 1 - i));
    i = nl + 1;
  }
  return out;
}

}  // namespace

std::string unifiedDiff(std::string_view before, std::string_view after, std::string_view oldPath,
                        std::string_view newPath, int context) {
  if (before == after) return {};
  const std::vector<std::string_view> la = splitLines(before), lb = splitLines(after);
  Myers my([&](int i, int j) { return la[static_cast<std::size_t>(i)] == lb[static_cast<std::size_t>(j)]; },
           50'000'000);
  std::vector<Match> matches = my.run(static_cast<int>(la.size()), static_cast<int>(lb.size()));
  matches.push_back({static_cast<int>(la.size()), static_cast<int>(lb.size())});  // sentinel

  // Edit script: runs of equal lines between changes.
  struct Op {
    char kind;  // ' ', '-', '+'
    int a, b;   // line numbers (0-based) in each text
  };
  std::vector<Op> ops;
  int pa = 0, pb = 0;
  for (const Match& mt : matches) {
    for (; pa < mt.first; ++pa) ops.push_back({'-', pa, pb});
    for (; pb < mt.second; ++pb) ops.push_back({'+', pa, pb});
    if (mt.first < static_cast<int>(la.size())) ops.push_back({' ', pa++, pb++});
  }

  std::string out;
  out.append("--- ").append(oldPath).append("\n+++ ").append(newPath).append("\n");
  auto lineText = [&](const Op& op) -> std::string {
    std::string_view l = op.kind == '+' ? lb[static_cast<std::size_t>(op.b)] : la[static_cast<std::size_t>(op.a)];
    std::string s(1, op.kind);
    s.append(l);
    if (l.empty() || l.back() != '\n') s.append("\n\\ No newline at end of file\n");
    return s;
  };
  std::size_t i = 0;
  while (i < ops.size()) {
    while (i < ops.size() && ops[i].kind == ' ') ++i;
    if (i == ops.size()) break;
    // A hunk: from `context` lines before the first change to `context`
    // lines after the last change that is within 2*context of the next.
    std::size_t start = i;
    for (int c = 0; c < context && start > 0 && ops[start - 1].kind == ' '; ++c) --start;
    std::size_t end = i;
    for (;;) {
      while (end < ops.size() && ops[end].kind != ' ') ++end;
      std::size_t eq = end;
      while (eq < ops.size() && ops[eq].kind == ' ') ++eq;
      if (eq < ops.size() && static_cast<int>(eq - end) <= 2 * context) {
        end = eq;
        continue;
      }
      end = std::min(end + static_cast<std::size_t>(context), eq);
      break;
    }
    int aStart = -1, bStart = -1, aCount = 0, bCount = 0;
    for (std::size_t k = start; k < end; ++k) {
      if (ops[k].kind != '+') {
        if (aStart < 0) aStart = ops[k].a;
        ++aCount;
      }
      if (ops[k].kind != '-') {
        if (bStart < 0) bStart = ops[k].b;
        ++bCount;
      }
    }
    if (aStart < 0) aStart = ops[start].a;
    if (bStart < 0) bStart = ops[start].b;
    out.append("@@ -")
        .append(std::to_string(aCount ? aStart + 1 : aStart))
        .append(",")
        .append(std::to_string(aCount))
        .append(" +")
        .append(std::to_string(bCount ? bStart + 1 : bStart))
        .append(",")
        .append(std::to_string(bCount))
        .append(" @@\n");
    for (std::size_t k = start; k < end; ++k) out.append(lineText(ops[k]));
    i = end;
  }
  return out;
}

}  // namespace fw
