#include "analysis/syntax_helpers.h"
#include "analysis/attr_duplicates.h"

#include <memory>

#include "analysis/attr_names.h"
#include "analysis/diagnostic_codes.h"

namespace fw {

namespace {

struct AttrSet;

struct Entry {
  enum class Kind { Value, Inherited, Nested } kind = Kind::Value;
  ByteRange pos;                 // where Nix says it was defined
  Node literal;                  // Value: an attribute-set literal, expanded on demand
  std::unique_ptr<AttrSet> set;  // Nested, or an expanded literal
};

// The attributes of one set, in definition order. Large sets get a hash
// index (generated package sets have tens of thousands of names).
struct AttrSet {
  Node owner;  // the literal this set is, if any (null: made by a path)
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




struct Binding {
  Node node;
  Node path;
  std::vector<Node> attrs;
  Node value;
};

Binding readBinding(Node b) {
  Binding out;
  out.node = b;
  // `attrpath = expression ;`: positional access is cheaper than fields;
  // bindings broken by syntax errors take the general way.
  const bool plain = b.childCount() == 4 && b.child(0).is(syms().attrpath);
  out.path = plain ? b.child(0) : b.field(fields().attrpath);
  out.value = unwrapParens(plain ? b.child(2) : b.field(fields().expression));
  if (!out.path) return out;
  // Attribute paths are short: indexed access beats a cursor here.
  const std::uint32_t count = out.path.namedChildCount();
  out.attrs.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    const Node a = out.path.namedChild(i);
    if (!a.is(syms().comment)) out.attrs.push_back(a);
  }
  return out;
}

class Planner {
 public:
  // `out`/`plan` null: quiet (expanding a literal already planned itself).
  Planner(const SyntaxTree& tree, std::vector<Diagnostic>* out, MergePlan* plan)
      : tree_(tree), src_(tree.text()), out_(out), plan_(plan) {}

  void addSet(AttrSet& set, Node bindingSet) {
    forEachChild(bindingSet, [&](Node b, TSFieldId) {
      if (b.is(syms().binding)) addBinding(set, readBinding(b));
      else if (b.is(syms().inherit) || b.is(syms().inherit_from)) addInherit(set, b);
      return true;
    });
  }

 private:
  void expand(Entry& e) {
    if (e.set || !e.literal) return;
    e.set = std::make_unique<AttrSet>();
    e.set->owner = e.literal;
    const Node bs = bindingSetOf(e.literal);
    if (!bs) return;
    // The literal's own problems are reported when it is planned itself.
    Planner quiet(tree_, nullptr, nullptr);
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

  // A name a binding from outside adds to literal `owner`.
  void extra(Node owner, std::string_view name, ByteRange nameRange, Node binding, Node value) {
    if (plan_ && owner) plan_->extras[owner.raw().id].push_back({name, nameRange, binding, value});
  }

  void addBinding(AttrSet& root, const Binding& b) {
    if (!b.path || b.attrs.empty()) return;
    auto pathText = [&] {
      std::string t;
      for (std::size_t i = 0; i < b.attrs.size(); ++i) {
        if (i) t += '.';
        t += b.attrs[i].text(src_);
      }
      return t;
    };
    AttrSet* cur = &root;
    std::vector<Node> chain;  // literals the path goes into
    for (std::size_t i = 0; i + 1 < b.attrs.size(); ++i) {
      const auto name = staticAttrName(b.attrs[i], src_);
      if (!name) return;  // dynamic: Nix checks nothing further
      Entry* j = cur->find(*name);
      if (!j) {
        extra(cur->owner, *name, b.attrs[i].range(), b.node, Node());
        Entry e;
        e.kind = Entry::Kind::Nested;
        // Nix gives every attribute a binding creates the binding's position.
        e.pos = b.path.range();
        e.set = std::make_unique<AttrSet>();
        cur = cur->add(*name, std::move(e)).set.get();
        continue;
      }
      if (j->kind == Entry::Kind::Inherited || (j->kind == Entry::Kind::Value && !j->literal)) {
        return dup(b.path.range(), pathText(), j->pos);
      }
      expand(*j);
      if (j->literal) chain.push_back(j->literal);
      cur = j->set.get();
    }
    const auto name = staticAttrName(b.attrs.back(), src_);
    if (!name) return;
    const bool valueIsSet = isSetLiteral(b.value);
    Entry* j = cur->find(*name);
    if (!j) {
      extra(cur->owner, *name, b.attrs.back().range(), b.node, b.value);
      if (plan_ && !chain.empty()) plan_->valueScopes[b.node.raw().id] = chain;
      Entry e;
      e.pos = b.attrs.size() == 1 ? b.attrs.back().range() : b.path.range();
      if (valueIsSet) e.literal = b.value;
      cur->add(*name, std::move(e));
      return;
    }
    const bool jIsSet = j->kind == Entry::Kind::Nested || (j->kind == Entry::Kind::Value && j->literal);
    if (!(valueIsSet && jIsSet)) return dup(b.path.range(), pathText(), j->pos);
    // Two attribute sets: the new literal's attributes join the existing
    // set (which keeps its own `rec`, or lack of one), each name once.
    expand(*j);
    if (plan_) {
      plan_->mergedInto[b.value.raw().id] = j->literal;
      std::vector<Node> scopes = chain;
      if (j->literal) scopes.push_back(j->literal);
      if (!scopes.empty()) plan_->valueScopes[b.value.raw().id] = std::move(scopes);
    }
    Entry incoming;
    incoming.literal = b.value;
    expand(incoming);
    for (auto& [n, e] : incoming.set->entries) {
      if (Entry* j2 = j->set->find(n)) {
        // Nix reports this one at the earlier definition, pointing to the
        // new one; we do the same so that locations agree.
        dup(j2->pos, std::string(n), e.pos);
        continue;
      }
      extra(j->literal, n, e.pos, b.node, e.literal);
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
  MergePlan* plan_;
};

}  // namespace

void planBindingSet(const SyntaxTree& tree, Node bindingSet, std::vector<Diagnostic>& out, MergePlan& plan) {
  AttrSet root;
  Planner(tree, &out, &plan).addSet(root, bindingSet);
}

}  // namespace fw
