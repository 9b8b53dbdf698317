// Workspace packages: where they are defined, what they are, and the names
// of the workspace's package sets (see workspace_packages.h).

#include "analysis/packages/workspace_packages.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iterator>
#include <set>

#include "analysis/eval/evaluator.h"
#include "analysis/packages/nix_syntax.h"
#include "analysis/packages/package_checks.h"
#include "analysis/syntax_helpers.h"

namespace fw::packages {

namespace {

namespace fsys = std::filesystem;

std::string dirOf(const std::string& path) { return fsys::path(path).parent_path().string(); }

// A path literal (./x, ../pkgs) resolved against the file's directory;
// a directory means its default.nix.
std::optional<std::string> resolvePath(const Files& files, const std::string& fromFile, Node e, std::string_view src) {
  e = unwrapParens(e);
  if (!e.is(syms().path_expression)) return std::nullopt;
  const std::string_view text = e.text(src);
  if (text.find("${") != std::string_view::npos) return std::nullopt;
  fsys::path p = text.starts_with("/") ? fsys::path(std::string(text)) : fsys::path(dirOf(fromFile)) / std::string(text);
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (files.kind(out) == FileKind::Directory) out += "/default.nix";
  if (files.kind(out) != FileKind::File) return std::nullopt;
  return out;
}

// `f a b` as f and its arguments in order.
Node callParts(Node e, std::vector<Node>& args) {
  e = unwrapParens(e);
  while (e.is(syms().apply_expression)) {
    args.insert(args.begin(), e.field(fields().argument));
    e = unwrapParens(e.field(fields().function));
  }
  return e;
}

bool endsWithName(const std::optional<std::string>& dotted, std::string_view name) {
  if (!dotted) return false;
  return *dotted == name || (dotted->size() > name.size() && dotted->ends_with(name) &&
                             (*dotted)[dotted->size() - name.size() - 1] == '.');
}

// The file loaded by a `…callPackage <path> …` value.
std::optional<std::string> callPackageTarget(const Files& files, const std::string& file, Node value,
                                             std::string_view src) {
  std::vector<Node> args;
  const Node fn = callParts(value, args);
  if (args.empty() || !endsWithName(dottedName(fn, src), "callPackage")) return std::nullopt;
  return resolvePath(files, file, args[0], src);
}

template <typename Fn>
void walkNodes(Node root, Fn&& fn) {
  std::vector<Node> stack{root};
  while (!stack.empty()) {
    const Node n = stack.back();
    stack.pop_back();
    if (!fn(n)) continue;
    for (std::uint32_t i = n.namedChildCount(); i-- > 0;) stack.push_back(n.namedChild(i));
  }
}

std::string lastAttr(Node attrpath, std::string_view src) {
  std::string name;
  forEachChild(attrpath, [&](Node a, TSFieldId f) {
    if (f == fields().attr) name = a.is(syms().identifier) ? std::string(a.text(src)) : std::string();
    return true;
  });
  return name;
}

std::string relative(const std::string& root, const std::string& path) {
  if (!root.empty() && path.starts_with(root + "/")) return path.substr(root.size() + 1);
  return path;
}

// One name of a set, with the file its value is written in.
struct SetEntry {
  std::string name;
  Node value;  // null for inherit
  std::string file;
};

struct SetReader {
  const Files& files;
  std::vector<SyntaxTreePtr> keep;  // trees whose nodes the entries borrow

  Node fileRoot(const std::string& file, SyntaxTreePtr& tree) {
    tree = files.tree(file);
    if (!tree || !tree->parsed()) return {};
    keep.push_back(tree);
    // The expression, after any leading comments.
    const Node top = tree->root();
    for (std::uint32_t i = 0; i < top.namedChildCount(); ++i)
      if (!top.namedChild(i).is(syms().comment)) return top.namedChild(i);
    return {};
  }

  void names(Node e, const std::string& file, std::string_view src, std::vector<SetEntry>& out, int depth) {
    if (depth > 8 || !e) return;
    const Symbols& s = syms();
    e = unwrapParens(e);
    if (isSetLiteral(e)) {
      for (const DirectBinding& b : directBindings(e, src)) out.push_back({std::string(b.name), b.value, file});
      return;
    }
    if (e.is(s.binary_expression)) {
      const Node op = e.field(fields().operator_);
      if (op && op.text(src) == "//") {
        names(e.field(fields().left), file, src, out, depth + 1);
        names(e.field(fields().right), file, src, out, depth + 1);
      }
      return;
    }
    if (e.is(s.let_expression) || e.is(s.function_expression) || e.is(s.with_expression) ||
        e.is(s.assert_expression)) {
      names(e.field(fields().body), file, src, out, depth + 1);
      return;
    }
    if (e.is(s.apply_expression)) {
      std::vector<Node> args;
      const Node fn = callParts(e, args);
      const std::optional<std::string> name = dottedName(fn, src);
      if (name && (*name == "import" || *name == "builtins.import") && !args.empty()) {
        if (std::optional<std::string> target = resolvePath(files, file, args[0], src)) {
          SyntaxTreePtr tree;
          const Node root = fileRoot(*target, tree);
          if (root) names(root, *target, tree->text(), out, depth + 1);
        }
        return;
      }
      if (endsWithName(name, "makeScope") || endsWithName(name, "makeExtensible") || endsWithName(name, "fix")) {
        if (!args.empty()) names(args.back(), file, src, out, depth + 1);
      }
    }
  }
};

// Overlay functions (`final: prev: …`, `self: super: …`) in a file.
void overlayBodies(Node root, std::string_view src, std::vector<Node>& out) {
  const Symbols& s = syms();
  walkNodes(root, [&](Node n) {
    if (!n.is(s.function_expression)) return true;
    const Node a = n.field(fields().universal);
    const Node inner = unwrapParens(n.field(fields().body));
    if (a && inner.is(s.function_expression) && !n.field(fields().formals)) {
      const Node b = inner.field(fields().universal);
      const std::string_view x = a.text(src);
      const std::string_view y = b ? b.text(src) : std::string_view();
      if ((x == "final" || x == "self") && (y == "prev" || y == "super") && !inner.field(fields().formals)) {
        out.push_back(inner.field(fields().body));
        return false;
      }
    }
    return true;
  });
}

std::vector<std::string> nixFiles(const Files& files, const std::string& root, std::size_t maxFiles) {
  std::vector<std::string> out;
  // The provider's index when it has one (the server's workspace index):
  // no directory walk, no file reads.
  if (auto indexed = files.filesContaining(root, "", maxFiles)) return *indexed;
  std::vector<std::pair<std::string, int>> dirs{{root, 0}};
  while (!dirs.empty() && out.size() < maxFiles) {
    auto [dir, depth] = dirs.back();
    dirs.pop_back();
    auto entries = files.list(dir);
    std::sort(entries.begin(), entries.end());
    for (const auto& [name, kind] : entries) {
      if (name.starts_with(".") || name == "node_modules" || name.starts_with("result")) continue;
      const std::string p = dir + "/" + name;
      if (kind == FileKind::Directory && depth < 8) dirs.push_back({p, depth + 1});
      else if (kind == FileKind::File && name.ends_with(".nix") && out.size() < maxFiles) out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The names the workspace's overlays add, with their values.
std::vector<SetEntry> overlayEntries(const Files& files, const std::string& root, SetReader& reader) {
  std::vector<SetEntry> out;
  // An overlay names its second argument prev or super.
  std::vector<std::string> candidates;
  auto prev = files.filesContaining(root, "prev", 2000);
  auto super = files.filesContaining(root, "super", 2000);
  if (prev && super) {
    std::set_union(prev->begin(), prev->end(), super->begin(), super->end(), std::back_inserter(candidates));
  } else {
    candidates = nixFiles(files, root, 2000);
  }
  for (const std::string& f : candidates) {
    SyntaxTreePtr tree;
    const Node r = reader.fileRoot(f, tree);
    if (!r) continue;
    const std::string_view text = tree->text();
    if (text.find("prev") == std::string_view::npos && text.find("super") == std::string_view::npos) continue;
    std::vector<Node> bodies;
    overlayBodies(r, tree->text(), bodies);
    for (const Node b : bodies) reader.names(b, f, tree->text(), out, 0);
  }
  return out;
}

std::string oneLine(std::string_view s, std::size_t max = 80) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\t') c = ' ';
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  if (out.size() > max) out = out.substr(0, max - 1) + "…";
  return out;
}

}  // namespace

std::string workspaceRootOf(const Files& files, const std::string& path) {
  fsys::path dir = fsys::path(path).parent_path();
  for (int i = 0; i < 12 && !dir.empty(); ++i) {
    if (files.kind((dir / "flake.nix").string()) == FileKind::File) return dir.string();
    if (dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return fsys::path(path).parent_path().string();
}

std::vector<WorkspacePackage> findWorkspacePackages(const Files& files, const std::string& root, std::size_t maxFiles) {
  std::vector<WorkspacePackage> out;
  const Symbols& s = syms();
  std::optional<std::vector<std::string>> candidates = files.filesContaining(root, "callPackage", maxFiles);
  for (const std::string& f : candidates ? *candidates : nixFiles(files, root, maxFiles)) {
    const SyntaxTreePtr tree = files.tree(f);
    if (!tree || !tree->parsed()) continue;
    const std::string_view src = tree->text();
    // Most files call no callPackage: a text search skips their trees.
    if (src.find("callPackage") == std::string_view::npos) continue;
    walkNodes(tree->root(), [&](Node n) {
      if (!n.is(s.binding)) return true;
      const Node value = n.field(fields().expression);
      if (std::optional<std::string> target = callPackageTarget(files, f, value, src)) {
        const Node ap = n.field(fields().attrpath);
        const std::string name = lastAttr(ap, src);
        if (!name.empty()) {
          Node last;
          forEachChild(ap, [&](Node a, TSFieldId fid) {
            if (fid == fields().attr) last = a;
            return true;
          });
          out.push_back({name, f, last.range(), *target});
        }
      }
      return true;
    });
  }
  return out;
}

namespace {

// The value of the first binding `name = …;` in the file (a let or set),
// for `inherit name;` and variables when there is no evaluator.
Node bindingByName(const SyntaxTree& tree, std::string_view name) {
  const std::string_view src = tree.text();
  Node found;
  walkNodes(tree.root(), [&](Node n) {
    if (found) return false;
    if (!n.is(syms().binding)) return true;
    const Node ap = n.field(fields().attrpath);
    if (ap && ap.namedChildCount() == 1 && ap.namedChild(0).text(src) == name) {
      found = n.field(fields().expression);
      return false;
    }
    return true;
  });
  return found;
}

// Whether a node is inside a binding (a let-bound helper call) rather
// than the file's result.
bool insideBinding(Node n) {
  for (Node p = n.parent(); p; p = p.parent())
    if (p.is(syms().binding)) return true;
  return false;
}

}  // namespace

std::optional<PackageFacts> packageFacts(const Files& files, const std::string& file, const EvalAccess& ev,
                                         std::stop_token stop) {
  const SyntaxTreePtr tree = files.tree(file);
  if (!tree || !tree->parsed()) return std::nullopt;
  const std::string_view src = tree->text();
  const Symbols& s = syms();
  const std::vector<CallSite> calls = findCalls(*tree, stop);
  // The builder call that makes the file's result (crane's buildPackage,
  // not the buildDepsOnly bound in a let); else the first.
  const CallSite* builder = nullptr;
  for (const CallSite& c : calls) {
    if (!c.callee || c.callee->kind != CalleeKind::Builder) continue;
    if (!builder) builder = &c;
    if (!insideBinding(c.call)) {
      builder = &c;
      break;
    }
  }
  if (!builder) return std::nullopt;
  std::optional<eval::Evaluation> run;
  eval::EvalSettings settings;
  if (ev.evaluator && ev.settings) {
    settings = *ev.settings;
    if (settings.budget.maxSteps == 0 || settings.budget.maxSteps > 1'000'000) settings.budget.maxSteps = 1'000'000;
    settings.budget.maxMemory = std::min<std::size_t>(settings.budget.maxMemory, std::size_t{256} << 20);
    run.emplace(*ev.evaluator, settings, stop);
  }
  // What the evaluator makes of the expression at `r` (strings only).
  auto valueAt = [&](ByteRange r) -> std::string {
    if (!run) return "";
    auto v = run->evalAt(file, r);
    if (!v.ok()) return "";
    auto str = run->asString(*v.value);
    return str.ok() ? *str.value : "";
  };
  // A value: the literal, else what the evaluator makes of it in its
  // scope, else the text as written (in backticks).
  std::function<std::string(Node, int)> value = [&](Node v, int depth) -> std::string {
    if (!v) return "";
    v = unwrapParens(v);
    if (auto lit = stringLiteral(v, src)) return lit->value;
    if (run) {
      auto r = run->evalAt(file, v.range());
      if (r.ok()) {
        auto k = run->kind(*r.value);
        if (k.ok() && (*k.value == eval::ValueKind::String || *k.value == eval::ValueKind::Path)) {
          auto str = run->asString(*r.value);
          if (str.ok()) return *str.value;
        }
        if (k.ok() && *k.value == eval::ValueKind::Attrs) {
          for (const char* a : {"spdxId", "shortName", "fullName"}) {
            auto x = run->getAttr(*r.value, a);
            if (!x.ok()) continue;
            auto str = run->asString(*x.value);
            if (str.ok()) return *str.value;
          }
        }
      }
    }
    // A let-bound name: its literal.
    if (v.is(s.variable_expression) && depth < 4) {
      const Node b = bindingByName(*tree, v.text(src));
      if (b && stringLiteral(unwrapParens(b), src)) return value(b, depth + 1);
    }
    return "`" + oneLine(v.text(src)) + "`";
  };
  // A binding of the call's sets: its value, or for `inherit x;` the
  // variable (evaluated, or its let binding's literal).
  auto bound = [&](const DirectBinding& b) -> std::string {
    if (b.value) return value(b.value, 0);
    if (!b.binding.is(s.inherit)) return "";
    if (std::string v = valueAt(b.nameRange); !v.empty()) return v;
    const Node def = bindingByName(*tree, b.name);
    return def ? value(def, 1) : "";
  };
  PackageFacts facts;
  facts.builder = builder->calleeName;
  Node srcValue;
  for (const Node set : builder->sets) {
    for (const DirectBinding& b : directBindings(set, src)) {
      if (b.name == "pname" && facts.pname.empty()) facts.pname = bound(b);
      else if (b.name == "version" && facts.version.empty()) facts.version = bound(b);
      else if (b.name == "name" && facts.name.empty()) facts.name = bound(b);
      else if (b.name == "meta" && b.value) {
        const Node meta = unwrapParens(b.value);
        for (const DirectBinding& m : isSetLiteral(meta) ? directBindings(meta, src) : std::vector<DirectBinding>{}) {
          if (m.name == "description") facts.description = bound(m);
          else if (m.name == "homepage") facts.homepage = bound(m);
          else if (m.name == "license") facts.license = bound(m);
          else if (m.name == "mainProgram") facts.mainProgram = bound(m);
        }
      } else if (b.name == "src" && !srcValue) {
        srcValue = b.value ? unwrapParens(b.value) : bindingByName(*tree, "src");
        if (srcValue && srcValue.is(s.variable_expression)) srcValue = bindingByName(*tree, srcValue.text(src));
      }
    }
  }
  if (srcValue) {
    for (const CallSite& c : calls) {
      if (!c.callee || c.callee->kind != CalleeKind::Fetcher) continue;
      if (c.call.start() < srcValue.start() || c.call.end() > srcValue.end()) continue;
      std::string owner, repo, rev, url;
      for (const Node fs : c.sets)
        for (const DirectBinding& a : directBindings(fs, src)) {
          if (a.name == "owner") owner = bound(a);
          else if (a.name == "repo") repo = bound(a);
          else if ((a.name == "rev" || a.name == "tag") && rev.empty()) rev = bound(a);
          else if (a.name == "url" && url.empty()) url = bound(a);
        }
      facts.sourceFetcher = c.calleeName;
      if (!owner.empty() || !repo.empty()) {
        facts.source = owner + "/" + repo;
        if (!rev.empty()) facts.source += "@" + rev;
      } else {
        facts.source = url;
        if (!rev.empty()) facts.source += facts.source.empty() ? rev : "@" + rev;
      }
      break;
    }
    if (facts.source.empty()) facts.source = value(srcValue, 0);
  }
  return facts;
}

std::string factsMarkdown(const std::string& name, const PackageFacts& f, const std::string& definedAt) {
  std::string md = "**" + name + "**";
  const std::string& pname = f.pname.empty() ? f.name : f.pname;
  if (!pname.empty() && pname != name) md += " (" + pname + ")";
  if (!f.version.empty()) md += " " + f.version;
  md += " — a package of this workspace\n\n";
  if (!f.description.empty()) md += f.description + "\n\n";
  auto row = [&](const char* label, const std::string& v) {
    if (!v.empty()) md += "- " + std::string(label) + ": " + v + "\n";
  };
  row("builder", "`" + f.builder + "`");
  row("homepage", f.homepage);
  row("license", f.license);
  row("main program", f.mainProgram);
  if (!f.source.empty()) row("source", f.source + (f.sourceFetcher.empty() ? "" : " (`" + f.sourceFetcher + "`)"));
  if (!definedAt.empty()) md += "\n" + definedAt;
  return md;
}

namespace {

struct Lookup {
  std::string name;
  ByteRange range;
  std::string root;            // pkgs / final / prev (select chains), else ""
  std::size_t depth = 0;       // names after the root (pkgs.openssl: 1)
  bool inputsList = false;     // an element of buildInputs and friends
  bool formalOfFile = false;   // a variable that is an argument of the file
  std::optional<std::string> file;  // a callPackage path argument
};

// Whether `a.b.c` (the chain before a name) is one where package names
// are: package sets (`pkgs`, `final`, `prev`, `super`, `…Pkgs`,
// `…packages`) and the flake's own `self.packages` / `self.checks` /
// `self.legacyPackages` (or `self.x` in a `self: super:` overlay).
bool packageChain(std::string_view chain) {
  const std::size_t dot = chain.find('.');
  const std::string_view root = chain.substr(0, dot);
  const std::string_view rest = dot == std::string_view::npos ? std::string_view() : chain.substr(dot + 1);
  const std::string_view second = rest.substr(0, rest.find('.'));
  if (root == "pkgs" || root == "final" || root == "prev" || root == "super") return true;
  if (root.ends_with("Pkgs") || root.ends_with("pkgs") || root.ends_with("Packages") || root.ends_with("packages"))
    return true;
  if (root == "self") return rest.empty() || second == "packages" || second == "legacyPackages" || second == "checks";
  return false;
}

std::optional<Lookup> lookupAt(const DocumentView& view, ByteOffset offset, const FeatureContext& ctx) {
  const Symbols& s = syms();
  const std::string_view src = view.text();
  const std::vector<Node> path = view.pathAt(offset);
  if (path.empty()) return std::nullopt;
  // A callPackage path argument.
  for (std::size_t i = path.size(); i-- > 0;) {
    if (!path[i].is(s.path_expression)) continue;
    const Node parent = path[i].parent();
    if (ctx.files && parent.is(s.apply_expression) && parent.field(fields().argument) == path[i] &&
        endsWithName(dottedName(parent.field(fields().function), src), "callPackage")) {
      if (auto target = resolvePath(*ctx.files, ctx.path, path[i], src)) {
        Lookup l;
        l.range = path[i].range();
        l.file = target;
        l.name = fsys::path(*target).filename() == "default.nix" ? fsys::path(*target).parent_path().filename().string()
                                                                  : fsys::path(*target).stem().string();
        return l;
      }
    }
    break;
  }
  const Node leaf = path.back();
  if (!leaf.is(s.identifier) || path.size() < 2) return std::nullopt;
  Lookup l;
  l.name = std::string(leaf.text(src));
  l.range = leaf.range();
  const Node parent = path[path.size() - 2];
  if (parent.is(s.attrpath)) {
    const Node owner = parent.parent();
    if (owner.is(s.select_expression)) {
      // The chain up to the name: `pkgs.nur`, `self.packages.${system}`.
      std::string base(owner.field(fields().expression).text(src));
      forEachChild(parent, [&](Node a, TSFieldId f) {
        if (f != fields().attr || a.start() >= leaf.start()) return a.start() < leaf.start();
        base += "." + std::string(a.text(src));
        return true;
      });
      if (!packageChain(base)) return std::nullopt;
      l.root = base.substr(0, base.find('.'));
      l.depth = static_cast<std::size_t>(std::count(base.begin(), base.end(), '.')) + 1;
      return l;
    }
    // A binding's name: only where its value is a callPackage call (an
    // overlay or package-set attribute), not a service or option of the
    // same name.
    const Node binding = owner;
    if (binding.is(s.binding) && ctx.files) {
      if (auto target = callPackageTarget(*ctx.files, ctx.path, binding.field(fields().expression), src)) {
        l.file = target;
        return l;
      }
    }
    return std::nullopt;
  }
  if (parent.is(s.inherited_attrs)) {
    // `inherit (pkgs.nur) comet;`
    const Node from = parent.parent().is(s.inherit_from) ? parent.parent().field(fields().expression) : Node();
    if (from && packageChain(std::string(unwrapParens(from).text(src)))) return l;
    return std::nullopt;
  }
  if (parent.is(s.variable_expression)) {
    for (std::size_t i = path.size() - 2; i-- > 0;) {
      if (path[i].is(s.list_expression)) {
        const Node b = path[i].parent();
        if (b.is(s.binding)) {
          const std::string n = lastAttr(b.field(fields().attrpath), src);
          if (n.ends_with("Inputs") || n == "packages" || n == "inputsFrom") l.inputsList = true;
        }
        break;
      }
    }
    // An argument of the file's function: callPackage fills it in.
    Node top;
    if (view.full()) {
      const Node r = view.full()->root();
      for (std::uint32_t i = 0; i < r.namedChildCount() && !top; ++i)
        if (!r.namedChild(i).is(s.comment)) top = r.namedChild(i);
    }
    if (top.is(s.function_expression) && top.field(fields().formals)) {
      // A NixOS module's arguments (`{ config, lib, pkgs, ... }:`) are
      // the module system's, not packages callPackage fills in.
      bool isModule = false;
      forEachChild(top.field(fields().formals), [&](Node f, TSFieldId) {
        const Node n = f.is(s.formal) ? f.field(fields().name) : Node();
        if (!n) return true;
        const std::string_view name = n.text(src);
        if (name == "config" || name == "options" || name == "modulesPath") isModule = true;
        if (name == l.name) l.formalOfFile = true;
        return true;
      });
      static constexpr std::string_view kNotPackages[] = {"lib", "pkgs", "config", "options", "modulesPath",
                                                          "callPackage", "self", "inputs", "system"};
      if (isModule || std::find(std::begin(kNotPackages), std::end(kNotPackages), l.name) != std::end(kNotPackages))
        l.formalOfFile = false;
    }
    if (l.inputsList || l.formalOfFile) return l;
  }
  return std::nullopt;
}

}  // namespace

std::optional<HoverResult> workspacePackageHover(const DocumentView& view, ByteOffset offset, const FeatureContext& ctx,
                                                 const EvalAccess& ev, std::string* nixpkgsName) {
  if (!ctx.files || ctx.path.empty() || !view.isExact()) return std::nullopt;
  const std::optional<Lookup> l = lookupAt(view, offset, ctx);
  if (!l) return std::nullopt;
  const std::string root = workspaceRootOf(*ctx.files, ctx.path);
  if (l->file) {
    if (auto facts = packageFacts(*ctx.files, *l->file, ev))
      return HoverResult{l->range, factsMarkdown(l->name, *facts, "Built by `" + relative(root, *l->file) + "`.")};
    return std::nullopt;
  }
  for (const WorkspacePackage& p : findWorkspacePackages(*ctx.files, root)) {
    if (p.name != l->name) continue;
    const std::string at = "Defined in `" + relative(root, p.boundIn) + "`, built by `" +
                           relative(root, p.packageFile) + "`.";
    if (auto facts = packageFacts(*ctx.files, p.packageFile, ev)) return HoverResult{l->range, factsMarkdown(l->name, *facts, at)};
    return HoverResult{l->range, "**" + l->name + "** — a package of this workspace\n\n" + at};
  }
  // Not the workspace's: say where it would come from.
  const bool fromPkgs = (l->root == "pkgs" || l->root == "final" || l->root == "prev") && l->depth == 1;
  if (fromPkgs || l->inputsList || l->formalOfFile) {
    std::string md = "**" + l->name + "** — not defined in this workspace; ";
    if (fromPkgs) md += "it comes from the package set `" + l->root + "` (nixpkgs and its overlays).";
    else md += "an argument of this package file that `callPackage` fills in from nixpkgs.";
    md += "\n\nflakewise does not evaluate nixpkgs: its version, description and license are not known here.";
    if (nixpkgsName) *nixpkgsName = l->name;
    return HoverResult{l->range, md};
  }
  return std::nullopt;
}

std::optional<CompletionResult> workspacePackageCompletion(const DocumentView& view, ByteOffset offset,
                                                           const FeatureContext& ctx) {
  if (!ctx.files || ctx.path.empty()) return std::nullopt;
  const std::string& text = view.text();
  if (offset > text.size()) return std::nullopt;
  auto isName = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '\''; };
  std::size_t start = offset;
  while (start > 0 && isName(text[start - 1])) --start;
  if (start == 0 || text[start - 1] != '.') return std::nullopt;
  // The chain before the dot: root[.set].
  std::vector<std::string> chain;
  std::size_t end = start - 1;
  for (;;) {
    std::size_t b = end;
    while (b > 0 && isName(text[b - 1])) --b;
    if (b == end) return std::nullopt;
    chain.insert(chain.begin(), text.substr(b, end - b));
    if (b > 0 && text[b - 1] == '.') {
      end = b - 1;
      continue;
    }
    break;
  }
  if (chain.size() > 2) return std::nullopt;
  if (chain[0] != "pkgs" && chain[0] != "final" && chain[0] != "prev" && chain[0] != "super") return std::nullopt;
  SetReader reader{*ctx.files, {}};
  const std::string root = workspaceRootOf(*ctx.files, ctx.path);
  std::vector<SetEntry> entries = overlayEntries(*ctx.files, root, reader);
  if (chain.size() == 2) {
    std::vector<SetEntry> inner;
    for (const SetEntry& e : entries) {
      if (e.name != chain[1] || !e.value) continue;
      const SyntaxTreePtr tree = ctx.files->tree(e.file);
      if (tree) reader.names(e.value, e.file, tree->text(), inner, 0);
    }
    entries = std::move(inner);
  }
  if (entries.empty()) return std::nullopt;
  CompletionResult r;
  r.replace = {static_cast<ByteOffset>(start), static_cast<ByteOffset>(offset)};
  std::set<std::string> seen;
  for (const SetEntry& e : entries) {
    if (!seen.insert(e.name).second) continue;
    CompletionItem it;
    it.label = e.name;
    it.kind = CompletionKind::Property;
    it.detail = "from " + relative(root, e.file);
    it.sortText = "0" + e.name;
    // A package: its facts from syntax (no evaluation while completing).
    if (e.value && r.items.size() < 200) {
      const SyntaxTreePtr tree = ctx.files->tree(e.file);
      if (tree) {
        if (auto target = callPackageTarget(*ctx.files, e.file, e.value, tree->text())) {
          if (auto facts = packageFacts(*ctx.files, *target, {})) {
            it.kind = CompletionKind::Module;
            it.detail = (facts->version.empty() || facts->version.starts_with("`") ? std::string() : facts->version + " ") +
                        "(" + facts->builder + ")";
            it.documentation = factsMarkdown(e.name, *facts, "Built by `" + relative(root, *target) + "`.");
          }
        }
      }
    }
    r.items.push_back(std::move(it));
  }
  return r;
}

}  // namespace fw::packages
