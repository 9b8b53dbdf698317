// Hover, completion, document links and inlay hints of flake.nix.

#include "analysis/flakes/flake_features.h"

#include <map>

#include <algorithm>
#include <set>

#include "analysis/attr_names.h"
#include "analysis/flakes/flake_ref.h"
#include "analysis/flakes/flake_schema.h"
#include "analysis/packages/nix_syntax.h"
#include "analysis/scopes.h"
#include "analysis/syntax_helpers.h"

namespace fw::flakes {

namespace {

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '\'';
}

std::string code(std::string_view s) { return "`" + std::string(s) + "`"; }

std::string lockedAttr(const LockNode& n, std::string_view k) { return n.lockedAttr(k).value_or(""); }

// A link to the locked commit on its forge.
std::optional<std::string> commitUrl(const LockNode& n) {
  const std::string type = lockedAttr(n, "type");
  const std::string rev = lockedAttr(n, "rev");
  if (rev.empty()) return std::nullopt;
  const std::string host = lockedAttr(n, "host");
  const std::string owner = lockedAttr(n, "owner");
  const std::string repo = lockedAttr(n, "repo");
  if (type == "github") return "https://" + (host.empty() ? std::string("github.com") : host) + "/" + owner + "/" + repo + "/commit/" + rev;
  if (type == "gitlab") return "https://" + (host.empty() ? std::string("gitlab.com") : host) + "/" + owner + "/" + repo + "/-/commit/" + rev;
  if (type == "sourcehut") return "https://" + (host.empty() ? std::string("git.sr.ht") : host) + "/" + owner + "/" + repo + "/commit/" + rev;
  const std::string url = lockedAttr(n, "url");
  if (type == "git" && (url.starts_with("https://github.com/") || url.starts_with("https://gitlab.com/"))) {
    std::string base = url.ends_with(".git") ? url.substr(0, url.size() - 4) : url;
    return base + (url.starts_with("https://gitlab.com/") ? "/-/commit/" : "/commit/") + rev;
  }
  return std::nullopt;
}

// "NixOS/nixpkgs@37c3bed9167d" or the locked URL.
std::string lockedSummary(const LockNode& n) {
  const std::string type = lockedAttr(n, "type");
  const std::string rev = lockedAttr(n, "rev");
  std::string where;
  if (type == "github" || type == "gitlab" || type == "sourcehut") where = lockedAttr(n, "owner") + "/" + lockedAttr(n, "repo");
  else if (type == "path") where = lockedAttr(n, "path");
  else where = lockedAttr(n, "url");
  if (!rev.empty()) where += "@" + rev.substr(0, 12);
  return where;
}

// The edge an input path ends on (before following it), for "follows".
const LockInputEdge* edgeAt(const LockFile& lock, const std::vector<std::string>& path) {
  if (path.empty()) return nullptr;
  std::vector<std::string> parent(path.begin(), path.end() - 1);
  const LockNode* n = parent.empty() ? lock.rootNode() : lock.resolve(parent);
  return n ? n->input(path.back()) : nullptr;
}

std::string joinPath(const std::vector<std::string>& p) {
  std::string out;
  for (const std::string& s : p) out += (out.empty() ? "" : "/") + s;
  return out;
}

// The attribute names of the sets around `offset` in the flake's top-level
// set (`inputs.nixpkgs.url = …` with the cursor in the value gives
// {inputs, nixpkgs, url}), and whether the position is inside outputs'
// result set instead (then the names are relative to that set).
struct SetContext {
  std::vector<std::string> prefix;
  bool valid = false;
  bool inOutputs = false;      // prefix is relative to outputs' result set
  bool inOutputsBody = false;  // anywhere in outputs' function body
};

bool isOutputsFunction(Node fn, const FlakeFile& f) { return f.outputsFunction && fn == f.outputsFunction; }

std::vector<std::string> attrpathNames(Node binding, std::string_view src) {
  std::vector<std::string> out;
  forEachChild(binding.field(fields().attrpath), [&](Node a, TSFieldId fid) {
    if (fid != fields().attr) return true;
    auto n = staticAttrName(a, src);
    out.push_back(n ? std::string(*n) : std::string("?"));
    return true;
  });
  return out;
}

SetContext setContextAt(const std::vector<Node>& path, ByteOffset offset, std::string_view src, const FlakeFile& f) {
  const Symbols& s = syms();
  SetContext c;
  bool opaque = false;
  for (std::size_t i = path.size(); i-- > 0;) {
    const Node n = path[i];
    if (n == f.root) {
      c.valid = !opaque;
      return c;
    }
    if (n.is(s.binding)) {
      const Node value = n.field(fields().expression);
      if (value && value.start() <= offset && offset <= value.end()) {
        const Node bs = n.parent();
        if (bs && bs.parent() && bs.parent().is(s.let_expression)) opaque = true;
        auto names = attrpathNames(n, src);
        c.prefix.insert(c.prefix.begin(), names.begin(), names.end());
      }
      continue;
    }
    if (n.is(s.function_expression) && isOutputsFunction(n, f)) {
      c.inOutputsBody = true;
      c.inOutputs = !opaque;
      c.valid = !opaque;
      return c;
    }
    if (n.is(s.attrset_expression) || n.is(s.rec_attrset_expression) || n.is(s.binding_set) ||
        n.is(s.parenthesized_expression) || n.isError())
      continue;
    if (n.is(s.let_expression)) {
      // The body of `let … in { … }` is still the result set.
      const Node body = n.field(fields().body);
      if (body && body.start() <= offset && offset <= body.end()) continue;
      opaque = true;
      continue;
    }
    opaque = true;
  }
  return c;
}

void addItem(CompletionResult& r, std::string_view label, std::string_view detail, std::string_view doc,
             CompletionKind kind, std::string_view typed, char sortGroup = '0') {
  // Case-insensitive subsequence match, as editors filter.
  std::size_t j = 0;
  for (char ch : label) {
    if (j < typed.size() && std::tolower(static_cast<unsigned char>(ch)) == std::tolower(static_cast<unsigned char>(typed[j]))) ++j;
  }
  if (j < typed.size()) return;
  for (const CompletionItem& it : r.items)
    if (it.label == label) return;
  CompletionItem it;
  it.label = std::string(label);
  it.kind = kind;
  it.detail = std::string(detail);
  it.documentation = std::string(doc);
  it.sortText = std::string(1, sortGroup) + it.label;
  r.items.push_back(std::move(it));
}

void addTable(CompletionResult& r, std::span<const SchemaEntry> table, std::string_view typed,
              const std::set<std::string, std::less<>>& present = {}) {
  for (const SchemaEntry& e : table) {
    if (present.count(e.name)) continue;
    addItem(r, e.name, e.type, e.doc, CompletionKind::Property, typed);
  }
}

std::string inputMarkdown(const FlakeFile& f, std::string_view name, const LockContext& lock) {
  std::string md = "**input " + code(name) + "**";
  if (const FlakeInputDecl* in = f.input(name)) {
    if (in->follows) {
      md += " follows " + code(*in->follows);
    } else if (in->url && !in->urlDynamic) {
      const FlakeRefParse p = parseFlakeRef(*in->url);
      if (p.ref) md += ": " + describeRef(*p.ref);
    } else if (in->attr("type")) {
      std::vector<std::pair<std::string, std::string>> attrs;
      for (const auto& a : in->attrs)
        if (a.value && a.name != "flake") attrs.emplace_back(a.name, *a.value);
      const FlakeRefParse p = flakeRefFromAttrs(attrs);
      if (p.ref) md += ": " + describeRef(*p.ref);
    }
    if (!in->flake) md += " (not a flake: only its source tree)";
  } else {
    md += ": not declared in inputs; Nix looks it up in the flake registry";
  }
  if (lock.lock && !lock.lock->syntaxError) {
    md += "\n\n" + lockedInputMarkdown(*lock.lock, {std::string(name)});
  } else if (!lock.present) {
    md += "\n\nNot locked: there is no flake.lock.";
  }
  return md;
}

}  // namespace

std::string lockedInputMarkdown(const LockFile& lock, const std::vector<std::string>& path) {
  std::string md;
  const LockInputEdge* edge = edgeAt(lock, path);
  if (!edge) return "Not in flake.lock yet (`nix flake lock` adds it).";
  if (edge->follows) {
    md += "Follows " + code(edge->follows->empty() ? "(this flake)" : joinPath(*edge->follows)) + " in flake.lock.";
    if (edge->follows->empty()) return md;
    md += "\n\n";
  }
  const LockNode* node = lock.resolve(path);
  if (!node) return md + "flake.lock does not say where it leads.";
  md += "Locked: " + code(lockedSummary(*node));
  if (auto url = commitUrl(*node)) md += " ([commit](" + *url + "))";
  if (!node->original.empty()) md += " from " + code(lockAttrsToUrl(node->original));
  md += "\n";
  if (auto rev = node->lockedAttr("rev")) md += "- rev: " + code(*rev) + "\n";
  if (auto ref = node->lockedAttr("ref")) md += "- ref: " + code(*ref) + "\n";
  if (auto lm = node->lockedAttr("lastModified")) {
    char* end = nullptr;
    const long long t = std::strtoll(lm->c_str(), &end, 10);
    md += "- date: " + (end && *end == 0 ? formatTimestamp(t) : *lm) + "\n";
  }
  if (auto nh = node->lockedAttr("narHash")) md += "- narHash: " + code(*nh) + "\n";
  if (!node->flake) md += "- not a flake (`flake = false`)\n";
  if (!node->inputs.empty()) {
    md += "- inputs:";
    bool first = true;
    for (const LockInputEdge& e : node->inputs) {
      md += first ? " " : ", ";
      first = false;
      md += code(e.name);
      if (e.follows) md += " follows " + code(e.follows->empty() ? "(root)" : joinPath(*e.follows));
    }
    md += "\n";
  }
  while (!md.empty() && md.back() == '\n') md.pop_back();
  return md;
}

std::optional<HoverResult> lockFileHover(std::string_view lockText, ByteOffset offset) {
  const LockFile lock = parseLockFile(lockText);
  if (lock.syntaxError || !lock.rootNode()) return std::nullopt;
  // A path from the root to every node reached without `follows`
  // (breadth first: the shortest one).
  std::map<std::string, std::vector<std::string>> pathTo;
  std::vector<std::string> queue{lock.root};
  pathTo[lock.root] = {};
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const LockNode* n = lock.node(queue[i]);
    if (!n) continue;
    for (const LockInputEdge& e : n->inputs) {
      if (e.follows || pathTo.count(e.node)) continue;
      std::vector<std::string> p = pathTo[queue[i]];
      p.push_back(e.name);
      pathTo[e.node] = std::move(p);
      queue.push_back(e.node);
    }
  }
  auto inside = [&](ByteRange r) { return r.start <= offset && offset < r.end; };
  for (const auto& [key, node] : lock.nodes) {
    const auto where = pathTo.find(key);
    if (inside(node.keyRange) && where != pathTo.end() && key != lock.root) {
      return HoverResult{node.keyRange, "**" + joinPath(where->second) + "** (node " + code(key) + ")\n\n" +
                                            lockedInputMarkdown(lock, where->second)};
    }
    for (const LockInputEdge& e : node.inputs) {
      if (!inside(e.nameRange) && !inside(e.range)) continue;
      if (where == pathTo.end()) return std::nullopt;
      std::vector<std::string> p = where->second;
      p.push_back(e.name);
      return HoverResult{inside(e.nameRange) ? e.nameRange : e.range,
                         "**" + joinPath(p) + "**\n\n" + lockedInputMarkdown(lock, p)};
    }
  }
  return std::nullopt;
}

std::optional<HoverResult> flakeHover(const DocumentView& view, ByteOffset offset, const LockContext& lock) {
  if (!view.isExact()) return std::nullopt;
  const SyntaxTree& tree = *view.full();
  const std::string_view src = tree.text();
  const FlakeFile f = readFlake(tree);
  if (!f.isAttrset) return std::nullopt;
  const Symbols& s = syms();
  const std::vector<Node> path = view.pathAt(offset);
  if (path.empty()) return std::nullopt;
  const Node leaf = path.back();

  // An input's URL or follows string.
  for (const FlakeInputDecl& in : f.inputs) {
    if (in.url && in.urlRange.touches(offset) && (in.urlRange.length() > 0)) {
      std::string md = inputMarkdown(f, in.name, lock);
      const FlakeRefParse p = parseFlakeRef(*in.url);
      if (p.ref) {
        if (auto web = webUrl(*p.ref)) md += "\n\n[" + *web + "](" + *web + ")";
      }
      return HoverResult{in.urlRange, md};
    }
    if (in.follows && in.followsRange.touches(offset)) {
      const std::vector<std::string> target = splitInputPath(*in.follows);
      std::string md = "**input " + code(in.name) + "** follows " + code(*in.follows);
      if (lock.lock && !lock.lock->syntaxError && !target.empty())
        md += "\n\n" + lockedInputMarkdown(*lock.lock, target);
      return HoverResult{in.followsRange, md};
    }
    for (const FlakeInputOverride& o : in.overrides) {
      if (o.follows && o.followsRange.touches(offset)) {
        std::string md = code(in.name + "/" + joinPath(o.path)) + " follows " + code(*o.follows);
        const std::vector<std::string> target = splitInputPath(*o.follows);
        if (lock.lock && !lock.lock->syntaxError && !target.empty())
          md += "\n\n" + lockedInputMarkdown(*lock.lock, target);
        return HoverResult{o.followsRange, md};
      }
    }
  }

  if (!leaf.is(s.identifier) && !leaf.is(s.string_fragment)) return std::nullopt;
  const Node parent = path.size() >= 2 ? path[path.size() - 2] : Node();
  const std::string_view word = leaf.text(src);

  // Outputs arguments and their uses.
  if (parent.is(s.formal) && f.outputsFunction && f.formal(word) && f.formal(word)->range == leaf.range()) {
    if (word == "self") {
      return HoverResult{leaf.range(), "**self**: this flake: its outputs, plus `outPath` (its source), "
                                       "`rev`/`dirtyRev`, `lastModified`, `narHash`, `inputs`"};
    }
    return HoverResult{leaf.range(), inputMarkdown(f, word, lock)};
  }
  if (parent.is(s.variable_expression) && f.outputsFunction) {
    std::vector<Node> p(path.begin(), path.end());
    const Resolution r = resolveName(p, word, src);
    if (r.kind == Resolution::Kind::Definition && r.scopeNode == f.outputsFunction) {
      if (r.def.kind == DefKind::Formal && word != "self" && (f.input(word) || f.formal(word)))
        return HoverResult{leaf.range(), inputMarkdown(f, word, lock)};
    }
  }
  // `inputs.nixpkgs` where inputs is the outputs' @-argument.
  if (parent.is(s.attrpath) && path.size() >= 3 && path[path.size() - 3].is(s.select_expression) && !f.argName.empty()) {
    const Node sel = path[path.size() - 3];
    const Node e = sel.field(fields().expression);
    if (e && e.is(s.variable_expression) && e.text(src) == f.argName && parent.field(fields().attr) == leaf &&
        (f.input(word) || f.formal(word)))
      return HoverResult{leaf.range(), inputMarkdown(f, word, lock)};
  }

  // Attribute names in the flake's own sets.
  if (!parent.is(s.attrpath)) return std::nullopt;
  const Node binding = path.size() >= 3 ? path[path.size() - 3] : Node();
  if (!binding.is(s.binding)) return std::nullopt;
  std::vector<std::string> names = attrpathNames(binding, src);
  std::size_t index = 0;
  {
    std::size_t k = 0;
    forEachChild(parent, [&](Node a, TSFieldId fid) {
      if (fid != fields().attr) return true;
      if (a == leaf) index = k;
      ++k;
      return true;
    });
  }
  std::vector<Node> outer(path.begin(), path.end() - 3);
  const SetContext ctx = setContextAt(outer, binding.start(), src, f);
  if (!ctx.valid) return std::nullopt;
  std::vector<std::string> full = ctx.prefix;
  full.insert(full.end(), names.begin(), names.begin() + static_cast<std::ptrdiff_t>(index) + 1);
  const ByteRange at = leaf.range();
  if (ctx.inOutputs) {
    if (full.size() == 1) {
      if (const OutputInfo* o = findOutput(full[0])) {
        std::string md = "**" + std::string(o->name) + "** — flake output\n```\n" + std::string(o->type) + "\n```\n" +
                         std::string(o->doc);
        if (!o->replacement.empty()) md += " Use " + code(o->replacement) + " instead.";
        return HoverResult{at, md};
      }
      return HoverResult{at, code(full[0]) + ": not a standard flake output (`nix flake check` warns about it)"};
    }
    if (full.size() == 2) {
      const OutputInfo* o = findOutput(full[0]);
      const bool perSystem = o && (o->shape == OutputShape::PerSystemDerivations || o->shape == OutputShape::PerSystemApps ||
                                   o->shape == OutputShape::PerSystemAny || o->shape == OutputShape::PerSystemDerivation);
      if (perSystem) {
        return HoverResult{at, code(full[1]) + (isKnownSystem(full[1]) ? ": a system (platform double)" : ": not a known system name")};
      }
    }
    return std::nullopt;
  }
  if (full.size() == 1) {
    if (const SchemaEntry* e = findEntry(flakeTopLevel(), full[0]))
      return HoverResult{at, "**" + std::string(e->name) + "** (" + std::string(e->type) + ")\n\n" + std::string(e->doc)};
    return std::nullopt;
  }
  if (full[0] == "nixConfig" && full.size() == 2) {
    if (const SchemaEntry* e = findEntry(nixConfigSettings(), full[1]))
      return HoverResult{at, "**" + std::string(e->name) + "** (" + std::string(e->type) + ")\n\n" + std::string(e->doc)};
    return HoverResult{at, code(full[1]) + ": a nix.conf setting (Nix asks before applying it)"};
  }
  if (full[0] != "inputs") return std::nullopt;
  if (full.size() == 2) return HoverResult{at, inputMarkdown(f, full[1], lock)};
  if (full.size() == 3) {
    if (const SchemaEntry* e = findEntry(inputAttributes(), full[2]))
      return HoverResult{at, "**" + std::string(e->name) + "** (" + std::string(e->type) + ")\n\n" + std::string(e->doc)};
    return std::nullopt;
  }
  if (full[2] == "inputs" && full.size() >= 4) {
    // inputs.x.inputs.y[.inputs.z]: the locked nested input.
    std::vector<std::string> lockPath{full[1]};
    for (std::size_t i = 3; i < full.size(); i += 2) {
      lockPath.push_back(full[i]);
      if (i + 1 < full.size() && full[i + 1] != "inputs") {
        if (const SchemaEntry* e = findEntry(inputAttributes(), full[i + 1]); e && i + 2 == full.size())
          return HoverResult{at, "**" + std::string(e->name) + "** (" + std::string(e->type) + ")\n\n" + std::string(e->doc)};
        break;
      }
    }
    std::string md = "**input " + code(joinPath(lockPath)) + "** (an input of " + code(full[1]) + ")";
    if (lock.lock && !lock.lock->syntaxError) md += "\n\n" + lockedInputMarkdown(*lock.lock, lockPath);
    return HoverResult{at, md};
  }
  return std::nullopt;
}

std::optional<CompletionResult> flakeCompletion(const DocumentView& viewIn, ByteOffset offset, const LockContext& lock) {
  if (!viewIn.isExact()) return std::nullopt;
  const DocumentViewPtr patched = completionView(viewIn, offset);
  const DocumentView& view = patched ? *patched : viewIn;
  const SyntaxTree& tree = *view.full();
  const std::string_view src = tree.text();
  const FlakeFile f = readFlake(tree);
  if (!f.isAttrset) return std::nullopt;
  const Symbols& s = syms();
  offset = std::min<ByteOffset>(offset, static_cast<ByteOffset>(src.size()));
  ByteOffset start = offset;
  while (start > 0 && isNameChar(src[start - 1])) --start;
  const std::string_view typed = src.substr(start, offset - start);
  CompletionResult r;
  r.replace = {start, offset};
  const std::vector<Node> path = view.pathAt(offset > 0 ? offset - 1 : 0);
  const bool lockUsable = lock.lock && !lock.lock->syntaxError && lock.lock->rootNode();

  // Strings: URLs and follows targets.
  for (const FlakeInputDecl& in : f.inputs) {
    if (in.url && in.urlRange.touches(offset) && offset >= in.urlRange.start) {
      // Only at the start of the URL: the schemes.
      ByteOffset b = offset;
      while (b > in.urlRange.start && src[b - 1] != '"' && src[b - 1] != ' ') --b;
      const std::string_view sofar = src.substr(b, offset - b);
      if (sofar.find(':') != std::string_view::npos || sofar.find('/') != std::string_view::npos) return r;
      r.replace = {b, offset};
      static constexpr std::pair<std::string_view, std::string_view> kSchemes[] = {
          {"github:", "github:<owner>/<repo>[/<ref-or-rev>]"},
          {"gitlab:", "gitlab:<owner>/<repo>[/<ref-or-rev>]"},
          {"sourcehut:", "sourcehut:~<owner>/<repo>[/<ref-or-rev>]"},
          {"git+https://", "git+https://<host>/<path>?ref=<branch>&rev=<commit>"},
          {"git+ssh://", "git+ssh://git@<host>/<path>?ref=<branch>"},
          {"git+file://", "git+file:///<path>"},
          {"path:", "path:<path>"},
          {"tarball+https://", "tarball+https://<host>/<file>.tar.gz"},
          {"https://", "https://<host>/<archive>.tar.gz (a tarball)"},
      };
      for (const auto& [scheme, detail] : kSchemes)
        addItem(r, scheme, detail, "Flake reference scheme.", CompletionKind::Value, sofar);
      for (const char* id : {"nixpkgs", "flake-utils", "home-manager", "flake-parts", "nix-darwin"}) {
        if (auto t = registryTarget(id))
          addItem(r, id, "registry name", "Default registry: " + code(*t), CompletionKind::Value, sofar, '1');
      }
      return r;
    }
    auto followsItems = [&](ByteRange range, std::string_view self) {
      ByteOffset b = offset;
      while (b > range.start && src[b - 1] != '"') --b;
      r.replace = {b, offset};
      const std::string_view sofar = src.substr(b, offset - b);
      for (const FlakeInputDecl& other : f.inputs) {
        if (other.name == self) continue;
        addItem(r, other.name, "input", inputMarkdown(f, other.name, lock), CompletionKind::Module, sofar);
        // Inputs of inputs, from the lock.
        if (lockUsable) {
          if (const LockNode* n = lock.lock->resolve({other.name})) {
            for (const LockInputEdge& e : n->inputs) {
              const std::string label = other.name + "/" + e.name;
              addItem(r, label, "input of " + other.name, lockedInputMarkdown(*lock.lock, {other.name, e.name}),
                      CompletionKind::Module, sofar, '1');
            }
          }
        }
      }
      return r;
    };
    if (in.follows && in.followsRange.touches(offset)) return followsItems(in.followsRange, in.name);
    for (const FlakeInputOverride& o : in.overrides)
      if (o.follows && o.followsRange.touches(offset)) return followsItems(o.followsRange, in.name);
  }
  for (const Node& n : path)
    if (n.is(s.comment) || n.is(s.string_fragment) || n.is(s.string_expression)) return std::nullopt;

  // Arguments of outputs: the inputs.
  for (const Node& n : path) {
    if (n.is(s.formals) && f.outputsFunction && f.outputsFunction.field(fields().formals) == n) {
      std::set<std::string, std::less<>> present;
      for (const FlakeFormal& formal : f.formals)
        if (!formal.range.touches(offset)) present.insert(formal.name);
      if (!present.count("self"))
        addItem(r, "self", "this flake", "This flake's outputs and source (`self.outPath`).", CompletionKind::Variable, typed);
      for (const FlakeInputDecl& in : f.inputs)
        if (!present.count(in.name))
          addItem(r, in.name, "input", inputMarkdown(f, in.name, lock), CompletionKind::Variable, typed);
      return r;
    }
  }

  // A binding name: what comes before the word must end a binding or open
  // a set; the dotted names typed so far are part of the prefix.
  ByteOffset chainStart = start;
  while (chainStart > 0 && (isNameChar(src[chainStart - 1]) || src[chainStart - 1] == '.')) --chainStart;
  std::vector<std::string> dotted;
  {
    std::string_view chain = src.substr(chainStart, start - chainStart);
    while (!chain.empty()) {
      const std::size_t dot = chain.find('.');
      if (dot == std::string_view::npos) break;
      dotted.emplace_back(chain.substr(0, dot));
      chain.remove_prefix(dot + 1);
    }
  }
  ByteOffset before = chainStart;
  while (before > 0 && (src[before - 1] == ' ' || src[before - 1] == '\t' || src[before - 1] == '\n' || src[before - 1] == '\r'))
    --before;
  // `inputs.` in the outputs body, with `inputs` the @-argument.
  const std::vector<Node> at = view.pathAt(chainStart > 0 ? chainStart - 1 : 0);
  const SetContext ctx = setContextAt(at, chainStart, src, f);
  if (ctx.inOutputsBody && dotted.size() == 1 && !f.argName.empty() && dotted[0] == f.argName) {
    for (const FlakeInputDecl& in : f.inputs) addItem(r, in.name, "input", inputMarkdown(f, in.name, lock), CompletionKind::Module, typed);
    addItem(r, "self", "this flake", "This flake.", CompletionKind::Module, typed);
    return r;
  }
  const char prev = before > 0 ? src[before - 1] : '\0';
  if (prev != '{' && prev != ';') return std::nullopt;
  if (!ctx.valid) return std::nullopt;
  std::vector<std::string> prefix = ctx.prefix;
  prefix.insert(prefix.end(), dotted.begin(), dotted.end());

  if (ctx.inOutputs) {
    if (prefix.empty()) {
      for (const OutputInfo& o : flakeOutputs()) {
        if (!o.replacement.empty()) continue;
        addItem(r, o.name, o.type, o.doc, CompletionKind::Module, typed);
      }
      return r;
    }
    if (prefix.size() == 1) {
      const OutputInfo* o = findOutput(prefix[0]);
      if (o && (o->shape == OutputShape::PerSystemDerivations || o->shape == OutputShape::PerSystemApps ||
                o->shape == OutputShape::PerSystemAny || o->shape == OutputShape::PerSystemDerivation)) {
        for (std::string_view sys : knownSystems()) addItem(r, sys, "system", "", CompletionKind::Value, typed);
        return r;
      }
    }
    if (prefix.size() == 3 && findOutput(prefix[0]) && findOutput(prefix[0])->shape == OutputShape::PerSystemApps) {
      addItem(r, "type", "\"app\"", "Always `\"app\"`.", CompletionKind::Property, typed);
      addItem(r, "program", "string (store path)", "Absolute path of the program `nix run` starts.", CompletionKind::Property, typed);
      return r;
    }
    return std::nullopt;
  }
  std::set<std::string, std::less<>> present;
  if (prefix.empty()) {
    for (const FlakeTopAttr& a : f.top)
      if (!a.nameRange.touches(offset)) present.insert(a.name);
    addTable(r, flakeTopLevel(), typed, present);
    return r;
  }
  if (prefix[0] == "nixConfig" && prefix.size() == 1) {
    addTable(r, nixConfigSettings(), typed);
    return r;
  }
  if (prefix[0] != "inputs") return std::nullopt;
  if (prefix.size() == 1) {
    // Names the lock knows but flake.nix does not declare (yet).
    if (lockUsable) {
      for (const LockInputEdge& e : lock.lock->rootNode()->inputs)
        if (!f.input(e.name) || f.input(e.name)->nameRange.touches(offset))
          addItem(r, e.name, "locked input", lockedInputMarkdown(*lock.lock, {e.name}), CompletionKind::Module, typed);
    }
    return r;
  }
  if (prefix.size() == 2) {
    const FlakeInputDecl* in = f.input(prefix[1]);
    if (in) {
      for (const auto& a : in->attrs)
        if (!a.nameRange.touches(offset)) present.insert(a.name);
      if (in->url && !in->urlRange.touches(offset)) present.insert("url");
    }
    addTable(r, inputAttributes(), typed, present);
    return r;
  }
  if (prefix.size() == 3 && prefix[2] == "inputs") {
    if (lockUsable) {
      if (const LockNode* n = lock.lock->resolve({prefix[1]}))
        for (const LockInputEdge& e : n->inputs)
          addItem(r, e.name, "input of " + prefix[1], lockedInputMarkdown(*lock.lock, {prefix[1], e.name}),
                  CompletionKind::Module, typed);
    }
    return r;
  }
  if (prefix.size() == 4 && prefix[2] == "inputs") {
    addTable(r, inputAttributes(), typed);
    return r;
  }
  return std::nullopt;
}

std::vector<DocumentLink> flakeLinks(const SyntaxTree& tree, const std::string& flakeDir, const LockContext& lock) {
  std::vector<DocumentLink> out;
  const FlakeFile f = readFlake(tree);
  for (const FlakeInputDecl& in : f.inputs) {
    std::optional<FlakeRef> ref;
    ByteRange at;
    if (in.url && !in.urlDynamic) {
      ref = parseFlakeRef(*in.url).ref;
      at = in.urlRange;
    } else if (const FlakeInputDecl::Attr* type = in.attr("type")) {
      std::vector<std::pair<std::string, std::string>> attrs;
      for (const auto& a : in.attrs)
        if (a.value && a.name != "flake") attrs.emplace_back(a.name, *a.value);
      ref = flakeRefFromAttrs(attrs).ref;
      const FlakeInputDecl::Attr* repo = in.attr("repo");
      at = repo && repo->value ? repo->valueRange : type->valueRange;
    }
    if (!ref || at.length() == 0) continue;
    std::optional<std::string> target = webUrl(*ref);
    if (!target && ref->type == RefType::Path && ref->relativePath && !flakeDir.empty()) {
      std::string p = ref->path;
      if (p.starts_with("./")) p = p.substr(2);
      target = "file://" + flakeDir + (flakeDir.ends_with("/") ? "" : "/") + p;
    }
    // Registry names the table does not know: where the lock says.
    if (!target && ref->type == RefType::Indirect && lock.lock && !lock.lock->syntaxError) {
      if (const LockNode* n = lock.lock->resolve({in.name})) {
        if (auto locked = parseFlakeRef(lockAttrsToUrl(n->locked)).ref) target = webUrl(*locked);
      }
    }
    if (!target) continue;
    out.push_back({at, *target, "Open " + describeRef(*ref)});
  }
  return out;
}

std::vector<InlayHint> flakeInlayHints(const SyntaxTree& tree, const LockContext& lock, ByteRange range) {
  std::vector<InlayHint> out;
  if (!lock.lock || lock.lock->syntaxError || !lock.lock->rootNode()) return out;
  const FlakeFile f = readFlake(tree);
  const std::string_view src = tree.text();
  for (const FlakeInputDecl& in : f.inputs) {
    // After the URL's closing quote, else after the declaration.
    ByteOffset pos = in.declEnd.end;
    if (in.url && in.urlRange.length() > 0) {
      pos = in.urlRange.end;
      if (pos < src.size() && src[pos] == '"') ++pos;
      if (pos < src.size() && src[pos] == ';') ++pos;
    } else if (in.follows) {
      pos = in.followsRange.end;
      if (pos < src.size() && src[pos] == '"') ++pos;
      if (pos < src.size() && src[pos] == ';') ++pos;
    }
    if (pos == 0 || pos < range.start || pos > range.end) continue;
    const LockInputEdge* edge = lock.lock->rootNode()->input(in.name);
    if (!edge) {
      out.push_back({pos, "not locked", "`nix flake lock` has not pinned this input yet."});
      continue;
    }
    const LockNode* node = lock.lock->resolve({in.name});
    std::string label;
    if (edge->follows) label = "→ " + joinPath(*edge->follows);
    if (node) {
      const std::string rev = lockedAttr(*node, "rev");
      std::string date;
      if (auto lm = node->lockedAttr("lastModified")) date = formatTimestamp(std::strtoll(lm->c_str(), nullptr, 10)).substr(0, 10);
      if (!edge->follows) {
        label = "🔒 " + (rev.empty() ? std::string("locked") : rev.substr(0, 7));
        if (!date.empty()) label += " (" + date + ")";
      }
    }
    if (label.empty()) continue;
    out.push_back({pos, label, lockedInputMarkdown(*lock.lock, {in.name})});
  }
  return out;
}

}  // namespace fw::flakes
