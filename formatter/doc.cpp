#include "formatter/doc.h"

#include <algorithm>
#include <cassert>

namespace fw::fmt {

std::uint32_t displayWidth(std::string_view s) {
  std::uint32_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

namespace {

std::uint32_t sat(std::uint64_t v) { return v > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<std::uint32_t>(v); }

bool hasBreak(std::string_view s) { return s.find('\n') != std::string_view::npos; }

std::uint32_t firstLineWidth(std::string_view s) {
  return displayWidth(s.substr(0, std::min(s.find('\n'), s.size())));
}

}  // namespace

Doc::Doc() {
  nodes_.push_back({DocKind::Concat, false, false, 0, 0, 0});  // 0: empty
  space_ = add({DocKind::Space, false, false, 0, 0, 1});
  line_ = add({DocKind::Line, false, false, 0, 0, 0});
  softline_ = add({DocKind::SoftLine, false, false, 0, 0, 0});
  hardline_ = add({DocKind::HardLine, true, false, 0, 0, 0});
  emptyline_ = add({DocKind::EmptyLine, true, false, 0, 0, 0});
  blankline_ = add({DocKind::BlankLine, false, false, 0, 0, 0});
}

DocId Doc::add(DocNode n) {
  switch (n.kind) {
    case DocKind::Text:
    case DocKind::Verbatim:
    case DocKind::Raw:
    case DocKind::Space: n.flat = n.width; break;
    case DocKind::Line:
    case DocKind::BlankLine: n.flat = 1; break;
    case DocKind::SoftLine:
    case DocKind::HardLine:
    case DocKind::EmptyLine: n.flat = 0; break;
    case DocKind::Concat: {
      std::uint64_t w = 0;
      for (std::uint32_t i = 0; i < n.b; ++i) w += nodes_[kids_[n.a + i]].flat;
      n.flat = sat(w);
      break;
    }
    case DocKind::Nest:
    case DocKind::Group: n.flat = nodes_[n.a].flat; break;
    case DocKind::Alts: n.flat = nodes_[kids_[n.a]].flat; break;
    case DocKind::IfBreak: n.flat = nodes_[n.b].flat; break;
  }
  nodes_.push_back(n);
  return static_cast<DocId>(nodes_.size() - 1);
}

DocId Doc::addText(DocKind kind, std::string_view s) {
  texts_.push_back(s);
  const auto index = static_cast<std::uint32_t>(texts_.size() - 1);
  const bool multi = kind != DocKind::Text && hasBreak(s);
  return add({kind, multi || kind == DocKind::Raw, false, index, 0,
              kind == DocKind::Text ? displayWidth(s) : firstLineWidth(s)});
}

DocId Doc::text(std::string_view s) {
  if (s.empty()) return 0;
  assert(!hasBreak(s));
  return addText(DocKind::Text, s);
}

DocId Doc::own(std::string s) {
  owned_.push_back(std::move(s));
  return text(owned_.back());
}

DocId Doc::verbatim(std::string_view s) {
  if (s.empty()) return 0;
  return addText(hasBreak(s) ? DocKind::Verbatim : DocKind::Text, s);
}

DocId Doc::raw(std::string_view s) { return addText(DocKind::Raw, s); }

DocId Doc::concat(std::span<const DocId> parts) {
  // Drop empties and flatten one level of nested concatenations so that
  // chains of small concats do not deepen the printer's stack.
  const auto first = static_cast<std::uint32_t>(kids_.size());
  bool hard = false;
  for (DocId p : parts) {
    if (p == 0) continue;
    const DocNode& n = nodes_[p];
    if (n.kind == DocKind::Concat) {
      for (std::uint32_t i = 0; i < n.b; ++i) kids_.push_back(kids_[n.a + i]);
    } else {
      kids_.push_back(p);
    }
    hard = hard || n.hard;
  }
  const auto count = static_cast<std::uint32_t>(kids_.size() - first);
  if (count == 0) return 0;
  if (count == 1) {
    const DocId only = kids_.back();
    kids_.pop_back();
    return only;
  }
  return add({DocKind::Concat, hard, false, first, count, 0});
}

DocId Doc::nest(DocId d) {
  if (d == 0) return 0;
  return add({DocKind::Nest, nodes_[d].hard, false, d, 0, 0});
}

DocId Doc::group(DocId d) {
  if (d == 0) return 0;
  return add({DocKind::Group, nodes_[d].hard, false, d, 0, 0});
}

DocId Doc::forced(DocId d) {
  if (d == 0) return 0;
  return add({DocKind::Group, true, true, d, 0, 0});
}

DocId Doc::alts(std::span<const DocId> options) {
  assert(!options.empty());
  if (options.size() == 1) return group(options[0]);
  const auto first = static_cast<std::uint32_t>(kids_.size());
  kids_.insert(kids_.end(), options.begin(), options.end());
  return add({DocKind::Alts, nodes_[options[0]].hard, false, first,
              static_cast<std::uint32_t>(options.size()), 0});
}

DocId Doc::ifBreak(DocId broken, DocId flat) {
  return add({DocKind::IfBreak, nodes_[flat].hard, false, broken, flat, 0});
}

// ---------------------------------------------------------------- printer

namespace {

enum class Mode : std::uint8_t { Flat, Break };

struct Cmd {
  DocId id;
  std::uint32_t indent;
  Mode mode;
};

// Writes the output, holding back spaces and line breaks until the next
// visible text so that no line ends in whitespace, consecutive breaks
// merge (at most one empty line) and nothing is emitted before the first
// text.
class Writer {
 public:
  explicit Writer(const RenderOptions& o)
      : o_(o), baseWidth_(displayWidth(o.baseIndent)), col_(o.startColumn) {}

  [[nodiscard]] std::uint32_t column() const {
    return pendingBreaks_ > 0 ? baseWidth_ + pendingIndent_ : col_ + pendingSpaces_;
  }
  void space() {
    if (pendingBreaks_ == 0) ++pendingSpaces_;
  }
  void lineBreak(int count, std::uint32_t indent) {
    pendingBreaks_ = std::max(pendingBreaks_, count);
    pendingIndent_ = indent;
    pendingSpaces_ = 0;
  }
  void text(std::string_view s, std::uint32_t width) {
    flush(true);
    out_.append(s);
    col_ += width;
    started_ = true;
  }
  void verbatim(std::string_view s) {
    flush(true);
    out_.append(s);
    advance(s);
    started_ = true;
  }
  void raw(std::string_view s) {
    // Kept lines start at column 0: a pending break is written without
    // indentation, and one is forced if the output is mid-line.
    if (started_ && pendingBreaks_ == 0 && col_ != 0) pendingBreaks_ = 1;
    pendingSpaces_ = 0;
    flush(false);
    out_.append(s);
    advance(s);
    started_ = true;
  }
  std::string finish() {
    if (o_.finalNewline && started_) out_.append(o_.newline);
    return std::move(out_);
  }

 private:
  void flush(bool indent) {
    if (pendingBreaks_ > 0) {
      if (started_) {
        for (int i = 0; i < pendingBreaks_; ++i) out_.append(o_.newline);
        col_ = 0;
        if (indent) {
          out_.append(o_.baseIndent);
          out_.append(pendingIndent_, ' ');
          col_ = baseWidth_ + pendingIndent_;
        }
      }
      pendingBreaks_ = 0;
      pendingSpaces_ = 0;
    } else if (pendingSpaces_ > 0) {
      out_.append(pendingSpaces_, ' ');
      col_ += pendingSpaces_;
      pendingSpaces_ = 0;
    }
  }
  void advance(std::string_view s) {
    const std::size_t nl = s.rfind('\n');
    if (nl == std::string_view::npos) col_ += displayWidth(s);
    else col_ = displayWidth(s.substr(nl + 1));
  }

  const RenderOptions& o_;
  std::string out_;
  std::uint32_t baseWidth_;
  std::uint32_t col_;
  std::uint32_t pendingSpaces_ = 0;
  std::uint32_t pendingIndent_ = 0;
  int pendingBreaks_ = 0;
  bool started_ = false;
};

class Printer {
 public:
  Printer(const Doc& doc, const RenderOptions& o) : doc_(doc), o_(o), w_(o) {}

  std::string run(DocId root) {
    stack_.push_back({root, 0, Mode::Break});
    while (!stack_.empty()) {
      const Cmd c = stack_.back();
      stack_.pop_back();
      step(c);
    }
    return w_.finish();
  }

 private:
  void step(const Cmd& c) {
    const DocNode& n = doc_.node(c.id);
    switch (n.kind) {
      case DocKind::Text: w_.text(doc_.textOf(c.id), n.width); break;
      case DocKind::Verbatim: w_.verbatim(doc_.textOf(c.id)); break;
      case DocKind::Raw: w_.raw(doc_.textOf(c.id)); break;
      case DocKind::Space: w_.space(); break;
      case DocKind::Line:
        if (c.mode == Mode::Flat) w_.space();
        else w_.lineBreak(1, c.indent);
        break;
      case DocKind::SoftLine:
        if (c.mode == Mode::Break) w_.lineBreak(1, c.indent);
        break;
      case DocKind::HardLine: w_.lineBreak(1, c.indent); break;
      case DocKind::EmptyLine: w_.lineBreak(2, c.indent); break;
      case DocKind::BlankLine:
        if (c.mode == Mode::Flat) w_.space();
        else w_.lineBreak(2, c.indent);
        break;
      case DocKind::Concat: {
        const auto kids = doc_.kids(c.id);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack_.push_back({*it, c.indent, c.mode});
        break;
      }
      case DocKind::Nest: stack_.push_back({n.a, c.indent + o_.indentWidth, c.mode}); break;
      case DocKind::Group: {
        Mode m = Mode::Break;
        if (!n.hard) {
          m = c.mode == Mode::Flat || fits(n.a, Mode::Flat) ? Mode::Flat : Mode::Break;
        }
        stack_.push_back({n.a, c.indent, m});
        break;
      }
      case DocKind::Alts: {
        const auto opts = doc_.kids(c.id);
        if (c.mode == Mode::Flat || (!n.hard && fits(opts[0], Mode::Flat))) {
          stack_.push_back({opts[0], c.indent, Mode::Flat});
          break;
        }
        // The middle alternatives are measured and printed flat: only their
        // forced groups break (as prettier's conditional groups).
        std::size_t pick = opts.size() - 1;
        for (std::size_t i = 1; i + 1 < opts.size(); ++i) {
          if (fits(opts[i], Mode::Flat)) {
            pick = i;
            break;
          }
        }
        stack_.push_back({opts[pick], c.indent, pick + 1 == opts.size() ? Mode::Break : Mode::Flat});
        break;
      }
      case DocKind::IfBreak:
        stack_.push_back({c.mode == Mode::Break ? n.a : n.b, c.indent, c.mode});
        break;
    }
  }

  // Whether `id` printed in `mode`, followed by the rest of the document
  // as it stands, reaches its first line break without passing the line
  // width. Groups inside are measured flat unless they are hard; the rest
  // of the document is measured in its own modes.
  bool fits(DocId id, Mode mode) {
    const std::uint32_t col = w_.column();
    if (col > o_.lineWidth) return false;
    std::int64_t room = static_cast<std::int64_t>(o_.lineWidth) - col;
    scratch_.clear();
    scratch_.push_back({id, 0, mode});
    std::size_t rest = stack_.size();
    for (;;) {
      if (scratch_.empty()) {
        if (rest == 0) return true;
        scratch_.push_back(stack_[--rest]);
      }
      const Cmd c = scratch_.back();
      scratch_.pop_back();
      const DocNode& n = doc_.node(c.id);
      if (c.mode == Mode::Flat && !n.hard) {
        // Flat and without forced breaks: its width is known.
        room -= n.flat;
        if (room < 0) return false;
        continue;
      }
      switch (n.kind) {
        case DocKind::Text:
        case DocKind::Space:
          room -= n.width;
          if (room < 0) return false;
          break;
        case DocKind::Verbatim:
          room -= n.width;
          if (room < 0) return false;
          return true;
        case DocKind::Raw:
        case DocKind::HardLine:
        case DocKind::EmptyLine: return true;
        case DocKind::Line:
        case DocKind::BlankLine:
          if (c.mode == Mode::Break) return true;
          if (--room < 0) return false;
          break;
        case DocKind::SoftLine:
          if (c.mode == Mode::Break) return true;
          break;
        case DocKind::Concat: {
          const auto kids = doc_.kids(c.id);
          for (auto it = kids.rbegin(); it != kids.rend(); ++it) scratch_.push_back({*it, 0, c.mode});
          break;
        }
        case DocKind::Nest: scratch_.push_back({n.a, 0, c.mode}); break;
        case DocKind::Group: scratch_.push_back({n.a, 0, n.hard ? Mode::Break : c.mode}); break;
        case DocKind::Alts: {
          const auto opts = doc_.kids(c.id);
          if (c.mode == Mode::Flat && !n.hard) scratch_.push_back({opts[0], 0, Mode::Flat});
          else scratch_.push_back({opts.back(), 0, Mode::Break});
          break;
        }
        case DocKind::IfBreak: scratch_.push_back({c.mode == Mode::Break ? n.a : n.b, 0, c.mode}); break;
      }
    }
  }

  const Doc& doc_;
  const RenderOptions& o_;
  Writer w_;
  std::vector<Cmd> stack_;
  std::vector<Cmd> scratch_;
};

}  // namespace

std::string render(const Doc& doc, DocId root, const RenderOptions& options) {
  return Printer(doc, options).run(root);
}

}  // namespace fw::fmt
