#include "analysis/semantic_tokens.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "analysis/attr_names.h"
#include "analysis/builtins_table.h"
#include "analysis/semantic.h"
#include "analysis/syntax_helpers.h"

namespace fw {

namespace {

constexpr std::array<std::string_view, 11> kTypeNames = {
    "namespace", "parameter", "variable", "property", "function", "keyword",
    "comment",   "string",    "number",   "regexp",   "operator"};
constexpr std::array<std::string_view, 5> kModifierNames = {"declaration", "readonly", "static",
                                                            "deprecated", "defaultLibrary"};

struct Class {
  TokenType type;
  std::uint32_t modifiers = 0;
};

bool isFunctionValue(Node v) {
  return unwrapParens(v).is(syms().function_expression);
}

bool isParameterKind(DefKind k) {
  return k == DefKind::Formal || k == DefKind::LambdaArg || k == DefKind::PatternArg;
}

// A global name: `builtins` is a namespace, true/false/null are read-only
// values, the rest are functions or values by their signature.
Class globalClass(std::string_view name) {
  using namespace token_mod;
  if (name == "true" || name == "false" || name == "null")
    return {TokenType::Variable, Readonly | DefaultLibrary};
  if (name == "builtins") return {TokenType::Namespace, DefaultLibrary};
  const BuiltinInfo* b = findBuiltin(name.starts_with("__") ? name.substr(2) : name);
  if (b && b->signature.find("->") != std::string_view::npos)
    return {TokenType::Function, DefaultLibrary};
  return {TokenType::Variable, DefaultLibrary};
}

bool isKeywordToken(TSSymbol k) {
  const Symbols& s = syms();
  return k == s.t_let || k == s.t_in || k == s.t_rec || k == s.t_with || k == s.t_assert ||
         k == s.t_if || k == s.t_then || k == s.t_else || k == s.t_inherit || k == s.t_or ||
         k == s.keyword;
}

class Classifier {
 public:
  Classifier(const FileAnalysis& a, const SemanticTokensConfig& cfg)
      : tree_(*a.tree), model_(*a.model), src_(a.tree->text()), cfg_(cfg) {
    range_ = cfg.range.value_or(ByteRange{0, static_cast<ByteOffset>(src_.size())});
    // Both lists are sorted and their ranges do not overlap, so the first
    // entry ending after the range's start is where the walk begins.
    refIt_ = std::lower_bound(model_.refs.begin(), model_.refs.end(), range_.start,
                              [](const Reference& r, ByteOffset o) { return r.range.end <= o; });
    defIt_ = std::lower_bound(
        model_.defsByPosition.begin(), model_.defsByPosition.end(), range_.start,
        [&](std::uint32_t d, ByteOffset o) { return model_.defs[d].nameRange.end <= o; });
  }

  std::vector<SemanticToken> run() {
    std::size_t visited = 0;
    bool stopped = false;
    walkWithAncestors(tree_.root(), [&](Node n, std::span<const Node> anc) {
      if (stopped) return false;
      if ((++visited & 0xFFF) == 0 && cfg_.stop.stop_requested()) {
        stopped = true;
        return false;
      }
      if (n.start() >= range_.end || n.end() == n.start()) return false;
      // A dollar escape that ends where the range starts still counts: its
      // token takes the `$` after it.
      if (n.end() < range_.start || (n.end() == range_.start && !n.is(syms().dollar_escape)))
        return false;
      return visit(n, anc);
    });
    if (stopped) return {};
    return std::move(out_);
  }

 private:
  // Emits the node's own token, or returns true to descend into it.
  bool visit(Node n, std::span<const Node> anc) {
    const Symbols& s = syms();
    const TSSymbol k = n.symbol();
    using namespace token_mod;
    if (k == s.comment) return emit(n, {TokenType::Comment});
    if (k == s.identifier) {
      name(n, anc);
      return false;
    }
    if (k == s.string_expression && !anc.empty() &&
        (anc.back().is(s.attrpath) || anc.back().is(s.inherited_attrs)) &&
        staticAttrName(n, src_)) {
      // A quoted attribute name is a name, not a string.
      name(n, anc);
      return false;
    }
    if (k == s.ellipses) return emit(n, {TokenType::Operator});
    if (n.childCount() > 0) return true;
    if (k == s.string_fragment && n.start() == skipDollarAt_ && n.end() == n.start() + 1)
      return false;
    if (k == s.string_fragment || k == s.t_dquote || k == s.t_squote2)
      return emit(n, {TokenType::String});
    if (k == s.escape_sequence) return emit(n, {TokenType::Regexp});
    if (k == s.dollar_escape) {
      // `\$` and `''$` are a dollar_escape and a `$` fragment: one escape.
      ByteOffset end = n.end();
      if (end < src_.size() && src_[end] == '$') skipDollarAt_ = end++;
      emitRange(n.start(), end, {TokenType::Regexp});
      return false;
    }
    if (k == s.path_fragment || k == s.spath_expression)
      return emit(n, {TokenType::String, Static});
    if (k == s.uri_expression) return emit(n, {TokenType::String, Static | Deprecated});
    if (k == s.integer_expression || k == s.float_expression) return emit(n, {TokenType::Number});
    if (isKeywordToken(k)) return emit(n, {TokenType::Keyword});
    if (!n.isNamed() && !anc.empty()) {
      const Node p = anc.back();
      if (p.is(s.binary_expression) || p.is(s.unary_expression) || p.is(s.has_attr_expression) ||
          (k == s.t_question && p.is(s.formal)))
        return emit(n, {TokenType::Operator});
    }
    return false;
  }

  const Definition* definitionAt(ByteRange r) {
    while (defIt_ != model_.defsByPosition.end() && model_.defs[*defIt_].nameRange.start < r.start)
      ++defIt_;
    if (defIt_ != model_.defsByPosition.end() && model_.defs[*defIt_].nameRange == r)
      return &model_.defs[*defIt_];
    return nullptr;
  }

  const Reference* referenceAt(ByteRange r) {
    while (refIt_ != model_.refs.end() && refIt_->range.start < r.start) ++refIt_;
    if (refIt_ != model_.refs.end() && refIt_->range == r) return &*refIt_;
    return nullptr;
  }

  Class ofDefinition(const Definition& d) const {
    if (isParameterKind(d.kind)) return {TokenType::Parameter};
    return {isFunctionValue(d.value) ? TokenType::Function : TokenType::Variable};
  }

  // An identifier, or a quoted attribute name, by what it defines or
  // refers to, else by where it stands.
  void name(Node n, std::span<const Node> anc) {
    using namespace token_mod;
    const Symbols& s = syms();
    if (n.isMissing()) return;
    const ByteRange r = n.range();
    if (const Definition* d = definitionAt(r)) {
      Class c = ofDefinition(*d);
      c.modifiers |= Declaration;
      emit(n, c);
      return;
    }
    if (const Reference* ref = referenceAt(r)) {
      switch (ref->target) {
        case Reference::Target::Definition:
          emit(n, ofDefinition(model_.defs[ref->index]));
          return;
        case Reference::Target::Global:
          emit(n, globalClass(n.text(src_)));
          return;
        case Reference::Target::With:
        case Reference::Target::Undefined:
          emit(n, {TokenType::Variable});
          return;
      }
    }
    if (anc.empty()) return;
    const Node parent = anc.back();
    const Node owner = anc.size() >= 2 ? anc[anc.size() - 2] : Node();
    if (parent.is(s.attrpath)) {
      const bool first = parent.namedChild(0) == n;
      if (owner.is(s.binding)) {
        // A name that a let or rec set defines again (a duplicate) is still
        // a binding of that scope.
        const Node setOwner = anc.size() >= 4 ? anc[anc.size() - 4] : Node();
        if (first && (setOwner.is(s.let_expression) || setOwner.is(s.rec_attrset_expression) ||
                      setOwner.is(s.let_attrset_expression))) {
          emit(n, {TokenType::Variable, Declaration});
        } else {
          emit(n, {TokenType::Property, Declaration});
        }
        return;
      }
      if (owner.is(s.select_expression) && first) {
        // builtins.x: a builtin, when `builtins` is the global one.
        const Node e = owner.field(fields().expression);
        if (e.is(s.variable_expression) && e.text(src_) == "builtins") {
          const Reference* er = model_.referenceAt(e.start());
          if (er && er->target == Reference::Target::Global && findBuiltin(n.text(src_))) {
            emit(n, globalClass(n.text(src_)));
            return;
          }
        }
      }
      emit(n, {TokenType::Property});
      return;
    }
    if (parent.is(s.inherited_attrs)) {
      emit(n, {TokenType::Property, Declaration});  // inherit (e) a; in a plain set
      return;
    }
    if (parent.is(s.formal) || parent.is(s.function_expression)) {
      emit(n, {TokenType::Parameter, Declaration});  // a duplicate formal
      return;
    }
    // Below a syntax error a lone name is most likely a variable.
    if (parent.is(s.variable_expression) || parent.isError()) emit(n, {TokenType::Variable});
  }

  // Always returns false (the node needs no descent), for brevity above.
  bool emit(Node n, Class c) {
    emitRange(n.start(), n.end(), c);
    return false;
  }

  void emitRange(ByteOffset start, ByteOffset end, Class c) {
    if (end <= start || end <= range_.start || start >= range_.end) return;
    const void* nl = std::memchr(src_.data() + start, '\n', end - start);
    const void* cr = nl ? nullptr : std::memchr(src_.data() + start, '\r', end - start);
    if (!nl && !cr) {
      out_.push_back({start, end - start, c.type, c.modifiers});
      return;
    }
    // One token per line, without the line terminators.
    const LineIndex& lines = tree_.lines();
    const std::uint32_t last = lines.lineOf(end - 1);
    for (std::uint32_t l = lines.lineOf(start); l <= last; ++l) {
      const ByteOffset s = std::max(start, lines.lineStart(l));
      const ByteOffset e = std::min(end, lines.lineEnd(l));
      if (e > s && e > range_.start && s < range_.end)
        out_.push_back({s, e - s, c.type, c.modifiers});
    }
  }

  const SyntaxTree& tree_;
  const SemanticModel& model_;
  std::string_view src_;
  const SemanticTokensConfig& cfg_;
  ByteRange range_;
  std::vector<Reference>::const_iterator refIt_;
  std::vector<std::uint32_t>::const_iterator defIt_;
  std::vector<SemanticToken> out_;
  ByteOffset skipDollarAt_ = ~ByteOffset{0};
};

}  // namespace

std::span<const std::string_view> semanticTokenTypeNames() {
  return kTypeNames;
}
std::span<const std::string_view> semanticTokenModifierNames() {
  return kModifierNames;
}

std::vector<SemanticToken> semanticTokens(const FileAnalysis& analysis,
                                          const SemanticTokensConfig& config) {
  if (!analysis.tree || !analysis.model) return {};
  return Classifier(analysis, config).run();
}

}  // namespace fw
