#include "analysis/references.h"

#include <algorithm>
#include <filesystem>

#include "analysis/attr_names.h"
#include "analysis/semantic.h"
#include "analysis/syntax_helpers.h"
#include "analysis/values.h"

namespace fw {

namespace {

struct Target {
  std::string file;  // absolute path ("" when the document has no path)
  ByteRange range;
  std::string name;
  ByteRange at;  // the name at the cursor, in the document
};

// What a name used at the end of `path` in file `where` stands for.
Located valueOfName(std::span<const Node> path, std::string_view name, const Located& where,
                    std::string_view src, const FeatureContext& ctx) {
  const Resolution r = resolveName(path, name, src);
  if (r.kind != Resolution::Kind::Definition) return {};
  if (r.def.value) return {r.def.value, where.tree, where.file};
  if (r.def.inheritFrom) {
    if (auto hit = findAttrIn({r.def.inheritFrom, where.tree, where.file}, {r.def.name}, src, ctx))
      return hit->value;
  }
  return {};
}

std::string fileOf(const Located& l, const FeatureContext& ctx) {
  return l.tree ? l.file : ctx.path;
}

// Finds the attribute the cursor designates.
std::optional<Target> targetAt(const SyntaxTree& doc, ByteOffset offset,
                               const FeatureContext& ctx) {
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
    return Target{ctx.path, leaf.range(), std::string(*name), leaf.range()};
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
  return Target{fileOf(hit->name, ctx), hit->name.node.range(), std::string(*name), leaf.range()};
}

// Uses of the target in one file.
void usesIn(const SyntaxTreePtr& tree, const std::string& file, const Target& t,
            const FeatureContext& docCtx, std::vector<Location>& out, bool isDocument) {
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
      for (std::uint32_t k = 0; ap && k < ap.namedChildCount(); ++k)
        attrs.push_back(ap.namedChild(k));
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

std::vector<Location> attributeReferences(const SyntaxTreePtr& doc, ByteOffset offset,
                                          const FeatureContext& ctx, bool includeDeclaration) {
  const std::optional<Target> t = targetAt(*doc, offset, ctx);
  if (!t) return {};
  std::vector<Location> out;
  const bool targetInDoc = t->file == ctx.path;
  SyntaxTreePtr targetTree = targetInDoc ? doc : (ctx.files ? ctx.files->tree(t->file) : nullptr);
  if (!targetTree) return {};
  if (includeDeclaration)
    out.push_back({targetInDoc ? "" : t->file, t->range, targetInDoc ? nullptr : targetTree});
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

namespace fw {

namespace {

Node parensUp(Node e) {
  while (e.parent() && e.parent().is(syms().parenthesized_expression)) e = e.parent();
  return e;
}

Node parensDown(Node e) {
  while (e && e.is(syms().parenthesized_expression)) e = e.field(fields().expression);
  return e;
}

// The set literal a file evaluates to (through parentheses and the bodies of
// let, with, assert and functions), and how many functions lead to it.
Node fileSet(const SyntaxTree& t, int& lambdas) {
  const Symbols& s = syms();
  Node n = t.root().namedChild(0);
  lambdas = 0;
  for (int k = 0; n && k < 64; ++k) {
    if (n.is(s.parenthesized_expression))
      n = n.field(fields().expression);
    else if (n.is(s.let_expression) || n.is(s.with_expression) || n.is(s.assert_expression))
      n = n.field(fields().body);
    else if (n.is(s.function_expression)) {
      ++lambdas;
      n = n.field(fields().body);
    } else
      break;
  }
  return n;
}

class AttributeRenamer {
 public:
  AttributeRenamer(const FeatureContext& ctx, std::string oldName, std::string newName)
      : ctx_(ctx), old_(std::move(oldName)), new_(std::move(newName)) {}

  struct File {
    std::string path;  // absolute
    bool isDocument = false;
    SyntaxTreePtr tree;
    std::shared_ptr<const FileAnalysis> analysis;
  };

  File file(const std::string& path, const SyntaxTreePtr& tree, bool isDocument) {
    return {path, isDocument, tree, analyzeFile(tree)};
  }

  // `e` evaluates to the set: every way it is used must be certain.
  bool use(const File& f, Node e, int depth) {
    const Symbols& s = syms();
    const std::string_view src = f.tree->text();
    if (depth > 8) return fail(f, e, "passes the set through too many names");
    e = parensUp(e);
    const Node p = e.parent();
    if ((p.is(s.select_expression) || p.is(s.has_attr_expression)) &&
        p.field(fields().expression) == e) {
      const Node first = p.field(fields().attrpath).namedChild(0);
      const auto name = staticAttrName(first, src);
      if (!name) return fail(f, first, "selects an attribute of the set by a computed name");
      if (*name == new_) return fail(f, first, "already reads '" + new_ + "' from the set");
      if (*name == old_) add(f, first.range(), new_);
      return true;
    }
    if (p.is(s.inherit_from) && p.field(fields().expression) == e) {
      const Node attrs = p.field(fields().attrs);
      std::vector<Node> names;
      forEachChild(attrs, [&](Node a, TSFieldId) {
        if (a.isNamed()) names.push_back(a);
        return true;
      });
      for (const Node a : names) {
        const auto name = staticAttrName(a, src);
        if (!name) return fail(f, a, "inherits from the set by a computed name");
        if (*name == new_) return fail(f, a, "already inherits '" + new_ + "' from the set");
        if (*name != old_) continue;
        // `inherit (x) old;` becomes `old = x.new;`: the name it binds stays.
        const std::string x(e.text(src));
        const std::string binding =
            old_ + " = " + (e.is(s.variable_expression) ? x : "(" + x + ")") + "." + new_ + ";";
        if (names.size() == 1) {
          add(f, p.range(), binding);
        } else {
          ByteOffset from = a.start();
          while (from > attrs.start() && (src[from - 1] == ' ' || src[from - 1] == '\t')) --from;
          add(f, {from, a.end()}, "");
          add(f, {p.end(), p.end()}, " " + binding);
        }
      }
      return true;
    }
    if (p.is(s.binding) && p.field(fields().expression) == e) {
      const Node path = p.field(fields().attrpath);
      const Node owner = p.parent().parent();
      if (!owner.is(s.let_expression) || path.namedChildCount() != 1)
        return fail(f, e, "makes the set the value of an attribute, which other code can read");
      // A let name: every use of it must be certain too.
      const SemanticModel& m = *f.analysis->model;
      const Definition* d = m.definitionAt(path.namedChild(0).start());
      if (!d) return fail(f, e, "binds the set to a name flakewise cannot follow");
      const auto def = static_cast<std::uint32_t>(d - m.defs.data());
      for (std::uint32_t i = m.scopes[d->scope].firstDef; i < m.scopes[d->scope].endDef; ++i) {
        if (i != def && m.defs[i].name == d->name)
          return fail(f, e, "extends the set in another binding");
      }
      for (std::uint32_t ri : m.referencesTo(def)) {
        const ByteRange r = m.refs[ri].range;
        const Node id = f.tree->root().namedDescendant(r.start, r.end);
        const Node var = id.parent();
        if (!var.is(s.variable_expression)) return fail(f, id, "inherits the set under its name");
        if (!use(f, var, depth + 1)) return false;
      }
      return true;
    }
    return fail(f, e, "uses the set in a way flakewise cannot follow");
  }

  // Every `import` of `target` in file `f`, applied `lambdas` times.
  bool importsIn(const File& f, const std::string& target, int lambdas) {
    const Symbols& s = syms();
    const std::string_view src = f.tree->text();
    FeatureContext here = ctx_;
    here.path = f.path;
    std::vector<Node> paths;
    walkWithAncestors(f.tree->root(), [&](Node n, std::span<const Node>) {
      if (n.is(s.path_expression)) {
        if (resolvePathLiteral(n.text(src), here) == target) paths.push_back(n);
        return false;
      }
      return n.childCount() > 0 && !n.is(s.comment);
    });
    for (const Node path : paths) {
      const Node e = parensUp(path);
      Node v = e.parent();
      if (!v.is(s.apply_expression) || v.field(fields().argument) != e)
        return fail(f, path, "uses the file other than through `import`");
      const Node fn = parensDown(v.field(fields().function));
      if (!isImport(f, fn))
        return fail(f, path, "passes the file to `" + std::string(fn.text(src)) + "`");
      for (int k = 0; k < lambdas; ++k) {
        const Node callee = parensUp(v);
        const Node call = callee.parent();
        if (!call.is(s.apply_expression) || call.field(fields().function) != callee)
          return fail(f, path, "imports the file, a function, without calling it");
        v = call;
      }
      if (!use(f, v, 0)) return false;
    }
    return true;
  }

  void add(const File& f, ByteRange r, std::string text) {
    edits.push_back({f.isDocument ? "" : f.path, f.tree, {r, std::move(text)}});
  }

  bool fail(const File& f, Node at, const std::string& why) {
    const std::string name = std::filesystem::path(f.path).filename().string();
    error = "cannot rename '" + old_ + "' everywhere: " + (name.empty() ? "this file" : name) +
            " line " + std::to_string(f.tree->lines().lineOf(at.start()) + 1) + " " + why;
    return false;
  }

  std::vector<FileEdit> edits;
  std::string error;

 private:
  bool isImport(const File& f, Node fn) const {
    const Symbols& s = syms();
    const std::string_view src = f.tree->text();
    const SemanticModel& m = *f.analysis->model;
    auto global = [&](Node var, std::string_view name) {
      if (!var.is(s.variable_expression) || var.text(src) != name) return false;
      const Reference* r = m.referenceAt(var.start());
      return r && r->target == Reference::Target::Global;
    };
    if (global(fn, "import")) return true;
    if (fn.is(s.select_expression)) {
      const Node path = fn.field(fields().attrpath);
      return global(fn.field(fields().expression), "builtins") && path.namedChildCount() == 1 &&
             staticAttrName(path.namedChild(0), src) == "import";
    }
    return false;
  }

  const FeatureContext& ctx_;
  std::string old_, new_;
};

}  // namespace

AttributeRename renameAttribute(const SyntaxTreePtr& doc, ByteOffset offset,
                                const FeatureContext& ctx, std::string_view newName) {
  const Symbols& s = syms();
  AttributeRename out;
  const std::optional<Target> t = targetAt(*doc, offset, ctx);
  if (!t) return out;
  out.isAttribute = true;
  out.range = t->at;
  out.placeholder = t->name;
  auto refuse = [&](std::string why) {
    out.error = std::move(why);
    out.edits.clear();
    return out;
  };
  if (!newName.empty() && !isValidIdentifier(newName))
    return refuse("'" + std::string(newName) + "' is not a valid Nix identifier");
  if (newName == t->name) return out;
  const bool inDocument = t->file == ctx.path;
  const SyntaxTreePtr tree = inDocument ? doc : (ctx.files ? ctx.files->tree(t->file) : nullptr);
  if (!tree) return refuse("cannot read the file that defines '" + t->name + "'");
  const std::string_view src = tree->text();
  const Node name = tree->root().namedDescendant(t->range.start, t->range.end);
  const Node path = name.parent();
  if (!path.is(s.attrpath) || path.namedChild(0) != name || !path.parent().is(s.binding))
    return refuse("flakewise renames an attribute where its binding starts (`" + t->name +
                  " = …;`)");
  const Node set = path.parent().parent().parent();
  if (!set.is(s.attrset_expression))
    return refuse(
        "renaming an attribute of a `rec` set or `let { }` would change what its bindings see");

  // New name for the checks; a placeholder that no attribute has when only
  // preparing.
  const std::string target = newName.empty() ? std::string("\x01") : std::string(newName);
  AttributeRenamer renamer(ctx, t->name, target);
  const AttributeRenamer::File defining = renamer.file(t->file, tree, inDocument);
  // The set's own bindings of the name (`a.x = 1; a.y = 2;` are one).
  bool clash = false;
  forEachChild(bindingSetOf(set), [&](Node b, TSFieldId) {
    std::vector<Node> names;
    if (b.is(s.binding))
      names.push_back(b.field(fields().attrpath).namedChild(0));
    else if (const Node ia = b.field(fields().attrs)) {
      forEachChild(ia, [&](Node a, TSFieldId) {
        if (a.isNamed()) names.push_back(a);
        return true;
      });
    }
    for (const Node n : names) {
      const auto nm = staticAttrName(n, src);
      if (nm == target) {
        clash = true;
        renamer.fail(defining, n, "already has an attribute '" + target + "'");
        return false;
      }
      if (nm == t->name && b.is(s.binding)) renamer.add(defining, n.range(), target);
    }
    return true;
  });
  if (clash) return refuse(renamer.error);

  int lambdas = 0;
  if (fileSet(*tree, lambdas) == set) {
    // The file's value: follow every import of it in the workspace.
    std::vector<std::string> files;
    if (ctx.files) files = ctx.files->importersOf(t->file);
    if (!inDocument) files.push_back(ctx.path);
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    for (const std::string& f : files) {
      if (f.empty() || f == t->file) continue;
      const bool isDoc = f == ctx.path;
      const SyntaxTreePtr ft = isDoc ? doc : ctx.files->tree(f);
      if (!ft) continue;
      if (!renamer.importsIn(renamer.file(f, ft, isDoc), t->file, lambdas))
        return refuse(renamer.error);
    }
  } else if (!renamer.use(defining, set, 0)) {
    return refuse(renamer.error);
  }
  if (!newName.empty()) out.edits = std::move(renamer.edits);
  return out;
}

}  // namespace fw
