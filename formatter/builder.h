#pragma once
// Internal: turns a syntax tree into a document (formatter/doc.h).
//
// Tokens are emitted in source order through tok(), which also emits the
// comments found in the source before the token (and the ones that trail
// it on its line). So a comment always stays between the same two tokens
// as in the input, whatever the tree-sitter node it hangs from, and can
// never move to another binding. Blank lines are kept (one at most) between
// the items of a sequence (bindings, list elements, formals) and next to
// comments; elsewhere they are dropped.
//
// Each node's document is built exactly once (comments are consumed as
// they are emitted); layouts that need the same child in several shapes
// wrap the one child document differently (group, forced, alternatives).

#include <functional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "formatter/doc.h"
#include "formatter/format.h"
#include "parser/node.h"
#include "parser/syntax_tree.h"

namespace fw::fmt {

// Thrown when nesting passes kMaxFormatDepth.
struct TooDeep : std::runtime_error {
  TooDeep() : std::runtime_error("too deep") {}
};

struct CommentInfo {
  ByteOffset start = 0;
  ByteOffset end = 0;
  bool lineComment = false;  // '#', else '/* */'
  bool ownLine = false;      // first thing on its source line
  enum class Directive : std::uint8_t { None, Off, On } directive = Directive::None;
};

// All comments of a tree in source order, found without recursion.
[[nodiscard]] std::vector<CommentInfo> collectComments(const SyntaxTree& tree);

class Builder {
 public:
  Builder(const SyntaxTree& tree, Doc& doc, std::vector<CommentInfo> comments);

  // The whole file.
  [[nodiscard]] DocId file();
  // One unit for range formatting (a binding, an inherit, a list element or
  // the root expression): its document, without what surrounds it.
  [[nodiscard]] DocId unit(Node n);

 private:
  // ---- tokens and comments (builder.cpp)
  [[nodiscard]] DocId tok(Node n);
  [[nodiscard]] DocId tokVerbatim(Node n);  // strings and paths: kept byte for byte
  [[nodiscard]] DocId emitToken(ByteOffset start, ByteOffset end, bool verbatim);
  [[nodiscard]] DocId leading(ByteOffset limit);
  [[nodiscard]] DocId trailingAfterToken();
  // Trailing comments (not first on their line) before `limit`, for a
  // comma the formatter placed itself.
  [[nodiscard]] DocId trailingBefore(ByteOffset limit);
  // Comments left before a closing token, to go inside the nest.
  [[nodiscard]] DocId closing(ByteOffset limit);
  [[nodiscard]] DocId commentDoc(const CommentInfo& c);
  void skipCommentsBefore(ByteOffset limit);
  [[nodiscard]] bool hasComment(ByteOffset from, ByteOffset to) const;
  [[nodiscard]] bool blankBefore(ByteOffset offset) const;
  [[nodiscard]] bool sameLine(ByteOffset a, ByteOffset b) const;
  void beginItem(bool first) {
    itemStart_ = true;
    itemFirst_ = first;
  }
  // A separator that keeps a blank line the source had before `next`.
  [[nodiscard]] DocId lineBefore(ByteOffset next) { return blankBefore(next) ? doc_.blankline() : doc_.line(); }
  [[nodiscard]] DocId hardlineBefore(ByteOffset next) {
    return blankBefore(next) ? doc_.emptyline() : doc_.hardline();
  }

  // ---- sequences and `# flakewise: off` (builder.cpp)
  [[nodiscard]] DocId sequence(std::span<const Node> items, DocId sep,
                               const std::function<DocId(Node)>& build);
  [[nodiscard]] DocId keptItem(Node item);
  [[nodiscard]] DocId item(Node n, const std::function<DocId(Node)>& build);
  [[nodiscard]] ByteOffset endWithTrailingComments(ByteOffset end) const;
  void findVerbatimItems();
  [[nodiscard]] bool isVerbatimItem(Node n) const;

  // ---- expressions (builder_expr.cpp)
  [[nodiscard]] DocId expr(Node n);
  [[nodiscard]] DocId exprInner(Node n);
  [[nodiscard]] DocId attrpath(Node n);
  [[nodiscard]] DocId interpolation(Node n);
  [[nodiscard]] DocId select(Node n);
  [[nodiscard]] DocId hasAttr(Node n);
  [[nodiscard]] DocId unary(Node n);
  [[nodiscard]] DocId paren(Node n);
  [[nodiscard]] DocId binaryChain(Node n);
  struct App {
    DocId expanded = 0;  // measured flat: everything on one line
    DocId absorbed = 0;  // last argument broken, the rest on the first line; 0 if none
  };
  [[nodiscard]] App application(Node n);
  struct ArgDocs {
    DocId flat = 0;
    DocId absorbed = 0;  // 0 if it cannot be absorbed
  };
  [[nodiscard]] ArgDocs argument(Node a);
  [[nodiscard]] DocId placeApp(const App& app);
  struct Chain {
    DocId doc = 0;
    std::string_view op;
    std::size_t count = 0;
    std::vector<DocId> operands;  // each after the first with its separator
    std::vector<DocId> ops;
    DocId firstContent = 0;  // content of an absorbable first operand
    DocId lastContent = 0;   // content of an absorbable last operand
    Node firstNode, lastNode;
  };
  [[nodiscard]] Chain chain(Node n);
  [[nodiscard]] ByteOffset nextTokenStart(ByteOffset from) const;
  [[nodiscard]] DocId lambda(Node n);
  [[nodiscard]] DocId formals(Node n);
  [[nodiscard]] DocId letExpr(Node n);
  [[nodiscard]] DocId ifExpr(Node n);
  [[nodiscard]] DocId withExpr(Node n, bool absorb);
  [[nodiscard]] DocId assertExpr(Node n);

  // ---- bindings, attribute sets, lists (builder_sets.cpp)
  [[nodiscard]] DocId attrsetContent(Node n, bool wide);
  [[nodiscard]] DocId listContent(Node n, bool inlineSimple);
  [[nodiscard]] DocId binding(Node n);
  [[nodiscard]] DocId inherit(Node n);
  [[nodiscard]] DocId bindingItem(Node n);
  // The value after `=` (or `?` in formals), starting with its separator.
  [[nodiscard]] DocId rhs(Node value, ByteOffset after);
  // An absorbable term: non-empty attrset or list, multi-line string.
  [[nodiscard]] bool absorbable(Node n) const;
  [[nodiscard]] bool isSimple(Node n) const;
  [[nodiscard]] bool singleInheritSet(Node n) const;
  // The content of an absorbable term, and how to wrap it.
  [[nodiscard]] DocId absorbableContent(Node n, bool wide);
  [[nodiscard]] DocId wrapAbsorbable(Node n, DocId content, bool force);

  struct Depth {
    explicit Depth(Builder& b) : b_(b) {
      if (++b_.depth_ > kMaxFormatDepth) throw TooDeep();
    }
    ~Depth() { --b_.depth_; }
    Depth(const Depth&) = delete;
    Depth& operator=(const Depth&) = delete;
    Builder& b_;
  };

  const SyntaxTree& tree_;
  std::string_view src_;
  Doc& doc_;
  const Symbols& S;
  std::vector<CommentInfo> comments_;
  std::size_t next_ = 0;           // first comment not yet emitted
  ByteOffset lastEnd_ = 0;         // end of the last token or comment emitted
  bool lastWasComment_ = false;
  bool itemStart_ = false;
  bool itemFirst_ = false;
  ByteOffset noTrailAt_ = ~ByteOffset{0};  // a token whose trailing comments wait
  std::uint32_t depth_ = 0;
  ByteOffset limit_ = ~ByteOffset{0};  // comments from here on are not ours (range formatting)
  std::set<std::pair<ByteOffset, ByteOffset>> verbatimItems_;
};

// Named and anonymous children except comments, in order.
[[nodiscard]] std::vector<Node> childrenOf(Node n);

}  // namespace fw::fmt
