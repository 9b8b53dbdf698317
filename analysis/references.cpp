#include "analysis/references.h"

#include <algorithm>

#include "analysis/attr_names.h"
#include "analysis/syntax_helpers.h"
#include "analysis/values.h"

namespace fw {

namespace {

struct Target {
  std::string file;  // absolute path ("" when the document has no path)
  ByteRange range;
  std::string name;
};

// What a name used at the end of `path` in file `where` stands for.
Located valueOfName(std::span<const Node> path, std::string_view name, const Located& where,
                    std::string_view src, const FeatureContext& ctx) {
  const Resolution r = resolveName(path, name, src);
  if (r.kind != Resolution::Kind::Definition) return {};
  if (r.def.value) return {r.def.value, where.tree, where.file};
  if (r.def.inheritFrom) {
    if (auto hit = findAttrIn({r.def.inheritFrom, where.tree, where.file}, {r.def.name}, src, ctx)) return hit->value;
  }
  return {};
}

std::string fileOf(const Located& l, const FeatureContext& ctx) { return l.tree ? l.file : ctx.path; }

// Finds the attribute the cursor designates.
std::optional<Target> targetAt(const SyntaxTree& doc, ByteOffset offset, const FeatureContext& ctx) {
  const Symbols& s = syms();
  const std::string_view src = doc.text();
  std::vector<Node> path;
  descendTo(doc.root(), offset, path);
  if (path.size() < 3) return std::nullopt;
  const Node leaf = path.back();
  if (!leaf.is(s.identifier) && !leaf.is(s.string_expression)) return std::nullopt;
  const Node parent = path[path.size() - 2];
  const Node owner = path[path.size() - 3];
  const auto name = staticAttrName(leaf, src);
  if (!name) return std::nullopt;
  const Located here{Node(), nullptr, ctx.path};
  if (parent.is(s.attrpath) && owner.is(s.binding)) {
    // A binding's own name, in an attribute-set literal.
    if (parent.namedChild(0) != leaf || path.size() < 5) return std::nullopt;
    const Node set = path[path.size() - 5];
    if (!isSetLiteral(set)) return std::nullopt;
    return Target{ctx.path, leaf.range(), std::string(*name)};
  }
  std::vector<std::string_view> names;
  Node base;
  if (parent.is(s.attrpath) && owner.is(s.select_expression)) {
    for (std::uint32_t k = 0; k < parent.namedChildCount(); ++k) {
      const auto n = staticAttrName(parent.namedChild(k), src);
      if (!n) return std::nullopt;
      names.push_back(*n);
      if (parent.namedChild(k) == leaf) break;
    }
    base = owner.field(fields().expression);
  } else if (parent.is(s.inherited_attrs) && owner.is(s.inherit_from)) {
    names.push_back(*name);
    base = owner.field(fields().expression);
  } else {
    return std::nullopt;
  }
  std::vector<Node> basePath(path.begin(), path.end() - 2);
  Located value;
  if (base.is(s.variable_expression)) {
    basePath.push_back(base);
    value = valueOfName(basePath, base.text(src), here, src, ctx);
  } else {
    value = {base, nullptr, ctx.path};
  }
  const auto hit = findAttrIn(value, names, src, ctx);
  if (!hit) return std::nullopt;
  return Target{fileOf(hit->name, ctx), hit->name.node.range(), std::string(*name)};
}

// Uses of the target in one file.
void usesIn(const SyntaxTreePtr& tree, const std::string& file, const Target& t, const FeatureContext& docCtx,
            std::vector<Location>& out, bool isDocument) {
  const Symbols& s = syms();
  const std::string_view src = tree->text();
  FeatureContext ctx = docCtx;
  ctx.path = file;
  const Located here{Node(), isDocument ? nullptr : tree, file};
  walkWithAncestors(tree->root(), [&](Node n, std::span<const Node> anc) {
    const bool select = n.is(s.select_expression);
    if (!select && !n.is(s.inherit_from)) return n.childCount() > 0 && !n.is(s.comment);
    const Node base = n.field(fields().expression);
    std::vector<Node> attrs;
    if (select) {
      const Node ap = n.field(fields().attrpath);
      for (std::uint32_t k = 0; ap && k < ap.namedChildCount(); ++k) attrs.push_back(ap.namedChild(k));
    } else if (const Node ia = n.field(fields().attrs)) {
      forEachChild(ia, [&](Node a, TSFieldId) {
        if (a.isNamed()) attrs.push_back(a);
        return true;
      });
    }
    for (std::size_t k = 0; k < attrs.size(); ++k) {
      if (staticAttrName(attrs[k], src) != t.name) continue;
      std::vector<std::string_view> names;
      if (select) {
        for (std::size_t j = 0; j <= k; ++j) {
          const auto nm = staticAttrName(attrs[j], src);
          if (!nm) break;
          names.push_back(*nm);
        }
        if (names.size() != k + 1) continue;
      } else {
        names.push_back(t.name);
      }
      Located value;
      if (base.is(s.variable_expression)) {
        std::vector<Node> p(anc.begin(), anc.end());
        p.push_back(n);
        p.push_back(base);
        value = valueOfName(p, base.text(src), here, src, ctx);
      } else {
        value = {base, here.tree, file};
      }
      const auto hit = findAttrIn(value, names, src, ctx);
      if (hit && fileOf(hit->name, ctx) == t.file && hit->name.node.range() == t.range) {
        out.push_back({isDocument ? "" : file, attrs[k].range(), isDocument ? nullptr : tree});
      }
    }
    return true;  // selections nest: (a.b).c, a.${x.y}
  });
}

}  // namespace

std::vector<Location> attributeReferences(const SyntaxTreePtr& doc, ByteOffset offset, const FeatureContext& ctx,
                                          bool includeDeclaration) {
  const std::optional<Target> t = targetAt(*doc, offset, ctx);
  if (!t) return {};
  std::vector<Location> out;
  const bool targetInDoc = t->file == ctx.path;
  SyntaxTreePtr targetTree = targetInDoc ? doc : (ctx.files ? ctx.files->tree(t->file) : nullptr);
  if (!targetTree) return {};
  if (includeDeclaration) out.push_back({targetInDoc ? "" : t->file, t->range, targetInDoc ? nullptr : targetTree});
  // The document, the defining file, and the files importing it.
  usesIn(doc, ctx.path, *t, ctx, out, true);
  std::vector<std::string> files;
  if (!targetInDoc) files.push_back(t->file);
  if (ctx.files) {
    for (const std::string& f : ctx.files->importersOf(t->file)) files.push_back(f);
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  for (const std::string& f : files) {
    if (f == ctx.path) continue;
    if (SyntaxTreePtr tree = ctx.files->tree(f)) usesIn(tree, f, *t, ctx, out, false);
  }
  return out;
}

}  // namespace fw
