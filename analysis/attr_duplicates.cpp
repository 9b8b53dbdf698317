#include "analysis/attr_duplicates.h"

#include <unordered_map>

#include "analysis/attr_names.h"
#include "analysis/diagnostic_codes.h"

namespace fw {

namespace {

struct AttrSet;

struct Entry {
  enum class Kind { Value, Inherited, Nested } kind = Kind::Value;
  ByteRange pos;                 // where the name was defined
  Node literal;                  // Value: an attribute-set literal, expanded on demand
  std::unique_ptr<AttrSet> set;  // Nested, or an expanded literal
};

// The attributes of one set, in definition order. Large sets get a hash
// index (generated package sets have tens of thousands of names).
struct AttrSet {
  std::vector<std::pair<std::string_view, Entry>> entries;
  std::unordered_map<std::string_view, std::size_t> index;

  Entry* find(std::string_view name) {
    if (!index.empty()) {
      auto it = index.find(name);
      return it == index.end() ? nullptr : &entries[it->second].second;
    }
    for (auto& [n, e] : entries)
      if (n == name) return &e;
    return nullptr;
  }
  Entry& add(std::string_view name, Entry e) {
    entries.emplace_back(name, std::move(e));
    if (!index.empty()) {
      index.emplace(name, entries.size() - 1);
    } else if (entries.size() > 16) {
      for (std::size_t i = 0; i < entries.size(); ++i) index.emplace(entries[i].first, i);
    }
    return entries.back().second;
  }
};

// Nix sees through parentheses: `a = ({ b = 1; });` is a set literal.
Node unwrap(Node e) {
  while (e.is(syms().parenthesized_expression)) e = e.field(fields().expression);
  return e;
}

bool isSetLiteral(Node e) {
  return e.is(syms().attrset_expression) || e.is(syms().rec_attrset_expression);
}

Node bindingSetOf(Node literal) {
  Node set;
  forEachChild(literal, [&](Node c, TSFieldId) {
    if (c.is(syms().binding_set)) set = c;
    return !set;
  });
  return set;
}

class Checker {
 public:
  Checker(const SyntaxTree& tree, std::vector<Diagnostic>* out) : tree_(tree), src_(tree.text()), out_(out) {}

  void addSet(AttrSet& set, Node bindingSet) {
    forEachChild(bindingSet, [&](Node b, TSFieldId) {
      add(set, b);
      return true;
    });
  }

  void add(AttrSet& set, Node b) {
    if (b.is(syms().binding)) addBinding(set, b);
    else if (b.is(syms().inherit) || b.is(syms().inherit_from)) addInherit(set, b);
  }

 private:
  void expand(Entry& e) {
    if (e.set || !e.literal) return;
    e.set = std::make_unique<AttrSet>();
    const Node bs = bindingSetOf(e.literal);
    if (!bs) return;
    // The literal's own problems are reported when it is checked itself.
    Checker quiet(tree_, nullptr);
    quiet.addSet(*e.set, bs);
  }

  void dup(ByteRange at, std::string name, ByteRange other) {
    if (!out_) return;
    out_->push_back({at, Severity::Error, std::string(code::DuplicateAttribute),
                     "attribute '" + name + "' already defined on line " +
                         std::to_string(tree_.lines().lineOf(other.start) + 1),
                     {},
                     {{other, "also defined here"}}});
  }

  void addBinding(AttrSet& root, Node b) {
    // `attrpath = expression ;`: positional access is cheaper than fields;
    // bindings broken by syntax errors take the general way.
    const bool plain = b.childCount() == 4 && b.child(0).is(syms().attrpath);
    const Node path = plain ? b.child(0) : b.field(fields().attrpath);
    if (!path) return;
    // Attribute paths are short: indexed access beats a cursor here.
    std::vector<Node> attrs;
    const std::uint32_t count = path.namedChildCount();
    attrs.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      const Node a = path.namedChild(i);
      if (!a.is(syms().comment)) attrs.push_back(a);
    }
    if (attrs.empty()) return;
    auto pathText = [&](std::size_t upto) {
      std::string t;
      for (std::size_t i = 0; i <= upto && i < attrs.size(); ++i) {
        if (i) t += '.';
        t += attrs[i].text(src_);
      }
      return t;
    };
    AttrSet* cur = &root;
    for (std::size_t i = 0; i + 1 < attrs.size(); ++i) {
      const auto name = staticAttrName(attrs[i], src_);
      if (!name) return;  // dynamic: Nix checks nothing further
      Entry* j = cur->find(*name);
      if (!j) {
        Entry e;
        e.kind = Entry::Kind::Nested;
        e.pos = attrs[i].range();
        e.set = std::make_unique<AttrSet>();
        cur = cur->add(*name, std::move(e)).set.get();
        continue;
      }
      if (j->kind == Entry::Kind::Inherited || (j->kind == Entry::Kind::Value && !j->literal)) {
        return dup(path.range(), pathText(attrs.size() - 1), j->pos);
      }
      expand(*j);
      cur = j->set.get();
    }
    const auto name = staticAttrName(attrs.back(), src_);
    if (!name) return;
    const Node value = unwrap(plain ? b.child(2) : b.field(fields().expression));
    const bool valueIsSet = isSetLiteral(value);
    Entry* j = cur->find(*name);
    if (!j) {
      Entry e;
      e.pos = attrs.back().range();
      if (valueIsSet) e.literal = value;
      cur->add(*name, std::move(e));
      return;
    }
    const bool jIsSet = j->kind == Entry::Kind::Nested || (j->kind == Entry::Kind::Value && j->literal);
    if (!(valueIsSet && jIsSet)) return dup(path.range(), pathText(attrs.size() - 1), j->pos);
    // Two attribute sets: their attributes merge, each name once.
    expand(*j);
    Entry incoming;
    incoming.literal = value;
    expand(incoming);
    for (auto& [n, e] : incoming.set->entries) {
      if (Entry* j2 = j->set->find(n)) {
        // Nix reports this one at the earlier definition, pointing to the
        // new one; we do the same so that locations agree.
        dup(j2->pos, std::string(n), e.pos);
        continue;
      }
      j->set->add(n, std::move(e));
    }
  }

  void addInherit(AttrSet& set, Node inh) {
    const Node attrs = inh.field(fields().attrs);
    if (!attrs) return;
    forEachChild(attrs, [&](Node a, TSFieldId) {
      if (!a.isNamed() || a.isMissing()) return true;
      const auto name = staticAttrName(a, src_);
      if (!name) return true;
      if (Entry* j = set.find(*name)) {
        dup(a.range(), std::string(*name), j->pos);
        return true;
      }
      Entry e;
      e.kind = Entry::Kind::Inherited;
      e.pos = a.range();
      set.add(*name, std::move(e));
      return true;
    });
  }

  const SyntaxTree& tree_;
  std::string_view src_;
  std::vector<Diagnostic>* out_;
};

}  // namespace

struct DuplicateAttributeChecker::Impl {
  Checker checker;
  std::vector<AttrSet> sets;
};

DuplicateAttributeChecker::DuplicateAttributeChecker(const SyntaxTree& tree, std::vector<Diagnostic>& out)
    : impl_(new Impl{Checker(tree, &out), {}}) {}
DuplicateAttributeChecker::~DuplicateAttributeChecker() = default;

void DuplicateAttributeChecker::enterSet() { impl_->sets.emplace_back(); }
void DuplicateAttributeChecker::exitSet() {
  if (!impl_->sets.empty()) impl_->sets.pop_back();
}
void DuplicateAttributeChecker::add(Node b) {
  if (impl_->sets.empty()) return;
  impl_->checker.add(impl_->sets.back(), b);
}

}  // namespace fw
