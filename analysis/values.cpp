#include "analysis/syntax_helpers.h"
#include "analysis/values.h"

#include <filesystem>

#include "analysis/attr_names.h"

namespace fw {

namespace {

namespace fsys = std::filesystem;

constexpr int kMaxSteps = 32;  // imports and nesting followed at most this deep



Located inFile(const Located& where, Node n) { return {n, where.tree, where.file}; }

// The file an `import` reads, relative to the file the path is written in.
std::optional<std::string> importTarget(const Located& path, std::string_view docSrc, const FeatureContext& ctx) {
  FeatureContext here = ctx;
  if (path.tree) here.path = path.file;
  return resolvePathLiteral(path.node.text(path.src(docSrc)), here);
}

Located followImpl(Located v, std::string_view docSrc, const FeatureContext& ctx, int steps) {
  const Symbols& s = syms();
  for (; steps < kMaxSteps && v; ++steps) {
    const Node n = v.node;
    if (n.is(s.parenthesized_expression)) {
      v.node = n.field(fields().expression);
    } else if (n.is(s.let_expression) || n.is(s.with_expression) || n.is(s.assert_expression)) {
      v.node = n.field(fields().body);
    } else if (n.is(s.apply_expression)) {
      // f a b: find f and count the arguments.
      Node f = n;
      std::vector<Node> args;
      while (f.is(s.apply_expression)) {
        args.insert(args.begin(), f.field(fields().argument));
        f = f.field(fields().function);
      }
      while (f.is(s.parenthesized_expression)) f = f.field(fields().expression);
      const std::string_view fname = f.text(v.src(docSrc));
      if (fname == "import" && !args.empty() && args[0].is(s.path_expression) && ctx.files) {
        const auto target = importTarget(inFile(v, args[0]), docSrc, ctx);
        if (!target) return {};
        SyntaxTreePtr tree = ctx.files->tree(*target);
        if (!tree) return {};
        Located root{tree->root().namedChild(0), tree, *target};
        // `import ./f.nix args`: the function's body.
        for (std::size_t k = 1; k < args.size(); ++k) {
          root = followImpl(root, docSrc, ctx, steps + 1);
          if (!root.node.is(s.function_expression)) return {};
          root.node = root.node.field(fields().body);
        }
        v = root;
      } else if (f.is(s.function_expression) && args.size() == 1) {
        v.node = f.field(fields().body);  // (args: { … }) x
      } else {
        return v;
      }
    } else {
      return v;
    }
  }
  return v;
}

std::optional<AttrHit> findImpl(Located set, const std::vector<std::string_view>& names, std::size_t i,
                                std::string_view docSrc, const FeatureContext& ctx, int steps) {
  if (steps > kMaxSteps) return std::nullopt;
  set = followImpl(set, docSrc, ctx, steps);
  if (!set || !isSetLiteral(set.node)) return std::nullopt;
  const std::string_view src = set.src(docSrc);
  const Node bs = bindingSetOf(set.node);
  if (!bs) return std::nullopt;
  std::optional<AttrHit> hit;
  forEachChild(bs, [&](Node b, TSFieldId) {
    if (b.is(syms().binding)) {
      const Node path = b.field(fields().attrpath);
      std::vector<Node> attrs;
      for (std::uint32_t k = 0; k < path.namedChildCount(); ++k) attrs.push_back(path.namedChild(k));
      std::size_t k = 0;
      while (k < attrs.size() && i + k < names.size() && staticAttrName(attrs[k], src) == names[i + k]) ++k;
      if (k == 0) return true;
      if (i + k == names.size()) {
        hit = AttrHit{inFile(set, attrs[k - 1]), k == attrs.size() ? inFile(set, b.field(fields().expression)) : Located{}};
        return false;
      }
      if (k == attrs.size()) {
        hit = findImpl(inFile(set, b.field(fields().expression)), names, i + k, docSrc, ctx, steps + 1);
        return !hit;
      }
    } else if (b.is(syms().inherit) || b.is(syms().inherit_from)) {
      if (const Node attrs = b.field(fields().attrs)) {
        forEachChild(attrs, [&](Node a, TSFieldId) {
          if (i + 1 == names.size() && staticAttrName(a, src) == names[i]) hit = AttrHit{inFile(set, a), {}};
          return !hit;
        });
      }
      return !hit;
    }
    return true;
  });
  return hit;
}

void listImpl(Located set, const std::vector<std::string_view>& path, std::size_t i, std::string_view docSrc,
              const FeatureContext& ctx, std::vector<std::pair<std::string_view, Located>>& out, int steps) {
  if (steps > kMaxSteps) return;
  set = followImpl(set, docSrc, ctx, steps);
  if (!set || !isSetLiteral(set.node)) return;
  const std::string_view src = set.src(docSrc);
  const Node bs = bindingSetOf(set.node);
  if (!bs) return;
  forEachChild(bs, [&](Node b, TSFieldId) {
    if (b.is(syms().binding)) {
      const Node ap = b.field(fields().attrpath);
      std::vector<std::string_view> names;
      for (std::uint32_t k = 0; k < ap.namedChildCount(); ++k) {
        const auto n = staticAttrName(ap.namedChild(k), src);
        if (!n) break;
        names.push_back(*n);
      }
      std::size_t k = 0;
      while (k < names.size() && i + k < path.size() && names[k] == path[i + k]) ++k;
      if (i + k == path.size() && k < names.size()) {
        out.emplace_back(names[k], k + 1 == names.size() ? inFile(set, b.field(fields().expression)) : Located{});
      } else if (k == names.size() && i + k < path.size()) {
        listImpl(inFile(set, b.field(fields().expression)), path, i + k, docSrc, ctx, out, steps + 1);
      }
    } else if (i == path.size() && (b.is(syms().inherit) || b.is(syms().inherit_from))) {
      if (const Node attrs = b.field(fields().attrs)) {
        forEachChild(attrs, [&](Node a, TSFieldId) {
          if (const auto n = staticAttrName(a, src)) out.emplace_back(*n, Located{});
          return true;
        });
      }
    }
    return true;
  });
}

}  // namespace

Located followValue(Located v, std::string_view docSrc, const FeatureContext& ctx) {
  return followImpl(std::move(v), docSrc, ctx, 0);
}

std::optional<AttrHit> findAttrIn(Located set, const std::vector<std::string_view>& names, std::string_view docSrc,
                                  const FeatureContext& ctx) {
  if (names.empty()) return std::nullopt;
  return findImpl(std::move(set), names, 0, docSrc, ctx, 0);
}

void listAttrs(Located set, const std::vector<std::string_view>& path, std::string_view docSrc,
               const FeatureContext& ctx, std::vector<std::pair<std::string_view, Located>>& out) {
  listImpl(std::move(set), path, 0, docSrc, ctx, out, 0);
}

std::optional<std::string> resolvePathLiteral(std::string_view literal, const FeatureContext& ctx) {
  if (!ctx.files || literal.find("${") != std::string_view::npos) return std::nullopt;
  fsys::path p;
  if (literal.starts_with("/")) {
    p = fsys::path(std::string(literal));
  } else if (literal.starts_with("~/") || literal.starts_with("<")) {
    return std::nullopt;  // the user's home or the search path: not ours to read
  } else {
    if (ctx.path.empty()) return std::nullopt;
    p = fsys::path(ctx.path).parent_path() / std::string(literal);
  }
  p = p.lexically_normal();
  const FileKind k = ctx.files->kind(p.string());
  if (k == FileKind::File) return p.string();
  if (k == FileKind::Directory) {
    const fsys::path def = p / "default.nix";
    if (ctx.files->kind(def.string()) == FileKind::File) return def.string();
  }
  return std::nullopt;
}

}  // namespace fw
