// Diagnostics of flake.nix and flake.lock that syntax and the lock file
// can tell (evaluation-based output checks are in flake_outputs.cpp).

#include <algorithm>
#include <set>

#include "analysis/attr_names.h"
#include "analysis/diagnostic_codes.h"
#include "analysis/flakes/flake_features.h"
#include "analysis/flakes/flake_ref.h"
#include "analysis/flakes/flake_schema.h"
#include "analysis/packages/nix_syntax.h"
#include "analysis/syntax_helpers.h"

namespace fw::flakes {

namespace {

Diagnostic diag(ByteRange r, Severity sev, std::string_view code, std::string message) {
  Diagnostic d;
  d.range = r;
  d.severity = sev;
  d.code = std::string(code);
  d.message = std::move(message);
  return d;
}

std::string suggestion(std::string_view name, std::initializer_list<std::span<const SchemaEntry>> tables) {
  std::string best;
  std::size_t bestDist = 3;
  for (auto table : tables) {
    for (const SchemaEntry& e : table) {
      const std::size_t d = editDistance(name, e.name);
      if (d < bestDist) {
        bestDist = d;
        best = std::string(e.name);
      }
    }
  }
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

std::string joinPath(const std::vector<std::string>& p) {
  std::string out;
  for (const std::string& s : p) out += (out.empty() ? "" : "/") + s;
  return out;
}

// The input names a follows path may start with: declared inputs and the
// ones the outputs function implies.
bool isInputName(const FlakeFile& f, std::string_view name) {
  if (f.input(name)) return true;
  const FlakeFormal* formal = f.formal(name);
  return formal && name != "self";
}

void checkFollowsTarget(const FlakeFile& f, const LockContext& lock, std::string_view follows, ByteRange at,
                        std::string_view self, std::vector<Diagnostic>& out) {
  const std::vector<std::string> path = splitInputPath(follows);
  if (path.empty()) return;  // "" follows this flake itself
  if (!isInputName(f, path[0])) {
    out.push_back(diag(at, Severity::Error, code::FlakeFollows,
                       "follows '" + std::string(follows) + "', but '" + path[0] + "' is not an input of this flake"));
    return;
  }
  if (path.size() == 1 && path[0] == self) {
    out.push_back(diag(at, Severity::Error, code::FlakeFollows, "input '" + std::string(self) + "' follows itself"));
    return;
  }
  if (path.size() > 1 && lock.lock && !lock.lock->syntaxError && lock.lock->resolve({path[0]}) &&
      !lock.lock->resolve(path)) {
    out.push_back(diag(at, Severity::Warning, code::FlakeFollows,
                       "flake.lock knows no input '" + joinPath(path) + "' ('" + path[0] + "' has no such input)"));
  }
}

// The attributes of a lock "original" that say where an input comes from.
std::vector<std::pair<std::string, std::string>> identity(const std::vector<std::pair<std::string, std::string>>& attrs) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : attrs) {
    if (k == "type" || k == "owner" || k == "repo" || k == "ref" || k == "rev" || k == "dir" || k == "url" ||
        k == "path" || k == "id" || k == "host")
      out.emplace_back(k, v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The same attributes for a parsed reference, as Nix writes them into
// "original".
std::vector<std::pair<std::string, std::string>> identity(const FlakeRef& r) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const char* k, const std::string& v) {
    if (!v.empty()) out.emplace_back(k, v);
  };
  switch (r.type) {
    case RefType::GitHub:
    case RefType::GitLab:
    case RefType::SourceHut:
      add("type", std::string(refTypeName(r.type)));
      add("owner", r.owner);
      add("repo", r.repo);
      add("host", r.host);
      break;
    case RefType::Git:
      add("type", "git");
      add("url", r.url);
      break;
    case RefType::Mercurial:
      add("type", "hg");
      add("url", r.url);
      break;
    case RefType::Path:
      add("type", "path");
      add("path", r.path);
      break;
    case RefType::Tarball:
    case RefType::File:
      add("type", std::string(refTypeName(r.type)));
      add("url", r.url);
      break;
    case RefType::Indirect:
      add("type", "indirect");
      add("id", r.id);
      break;
  }
  add("ref", r.ref);
  add("rev", r.rev);
  add("dir", r.dir);
  std::sort(out.begin(), out.end());
  return out;
}

// Whether the outputs function passes its whole argument on (`import ./x
// inputs`, `specialArgs = { inherit inputs; }`), so that any input may be
// used somewhere else.
void usedInputs(const FlakeFile& f, std::string_view src, std::set<std::string, std::less<>>& used, bool& everything) {
  const Symbols& s = syms();
  for (const FlakeFormal& formal : f.formals) used.insert(formal.name);
  if (!f.outputsBody) return;
  walk(f.outputsBody, [&](Node n) {
    if (n.is(s.with_expression)) {
      const Node env = n.field(fields().environment);
      if (env && env.is(s.variable_expression) && env.text(src) == f.argName && !f.argName.empty()) everything = true;
      return true;
    }
    if (f.argName.empty()) return true;
    if (n.is(s.select_expression)) {
      const Node e = n.field(fields().expression);
      if (e && e.is(s.variable_expression) && e.text(src) == f.argName) {
        const Node path = n.field(fields().attrpath);
        const Node first = path ? path.field(fields().attr) : Node();
        if (auto name = first ? staticAttrName(first, src) : std::nullopt) used.insert(std::string(*name));
        else everything = true;
        return false;
      }
      return true;
    }
    if (n.is(s.inherit_from)) {
      const Node e = n.field(fields().expression);
      if (e && e.is(s.variable_expression) && e.text(src) == f.argName) {
        forEachChild(n.field(fields().attrs), [&](Node a, TSFieldId fid) {
          if (fid == fields().attr)
            if (auto name = staticAttrName(a, src)) used.insert(std::string(*name));
          return true;
        });
        return false;
      }
      return true;
    }
    if (n.is(s.variable_expression) && n.text(src) == f.argName) everything = true;
    // `inherit inputs;` passes it on as well.
    if (n.is(s.inherit)) {
      forEachChild(n.field(fields().attrs), [&](Node a, TSFieldId) {
        if (a.text(src) == f.argName) everything = true;
        return true;
      });
    }
    return true;
  });
}

}  // namespace

LockContext lockNextTo(const FeatureContext& ctx) {
  LockContext lc;
  if (!ctx.files || ctx.path.empty()) return lc;
  const std::string lockPath = isFlakeLock(ctx.path) ? ctx.path : siblingLock(ctx.path);
  if (auto text = ctx.files->readText(lockPath)) {
    lc.present = true;
    lc.lock = parseLockFile(*text);
  }
  return lc;
}

std::string lockAttrsToUrl(const std::vector<std::pair<std::string, std::string>>& attrs) {
  auto get = [&](std::string_view k) -> std::string {
    for (const auto& [n, v] : attrs)
      if (n == k) return v;
    return "";
  };
  const std::string type = get("type");
  std::string url;
  std::vector<std::string> params;
  if (type == "github" || type == "gitlab" || type == "sourcehut") {
    url = type + ":" + get("owner") + "/" + get("repo");
    if (!get("rev").empty()) url += "/" + get("rev");
    else if (!get("ref").empty()) url += "/" + get("ref");
    if (!get("host").empty()) params.push_back("host=" + get("host"));
  } else if (type == "indirect") {
    url = get("id");
    if (!get("ref").empty()) url += "/" + get("ref");
    if (!get("rev").empty()) url += "/" + get("rev");
  } else if (type == "path") {
    url = "path:" + get("path");
  } else if (type == "git" || type == "hg") {
    url = type + "+" + get("url");
    if (!get("ref").empty()) params.push_back("ref=" + get("ref"));
    if (!get("rev").empty()) params.push_back("rev=" + get("rev"));
  } else {
    url = get("url").empty() ? type : (type == "tarball" || type == "file" ? type + "+" : "") + get("url");
  }
  if (!get("dir").empty()) params.push_back("dir=" + get("dir"));
  for (std::size_t i = 0; i < params.size(); ++i) url += (i == 0 ? "?" : "&") + params[i];
  return url;
}

std::vector<Diagnostic> flakeDiagnostics(const SyntaxTree& tree, const LockContext& lock) {
  std::vector<Diagnostic> out;
  const FlakeFile f = readFlake(tree);
  const std::string_view src = tree.text();
  const Symbols& s = syms();
  if (!f.isAttrset) {
    const Node root = tree.root().namedChild(0);
    if (root && !root.hasError() && !root.is(s.comment)) {
      out.push_back(diag({root.start(), root.start() + 1}, Severity::Error, code::FlakeAttribute,
                         "flake.nix must be an attribute set: { description = …; inputs = …; outputs = …; }"));
    }
    return out;
  }
  // Top-level attributes.
  bool hasOutputs = false;
  for (const FlakeTopAttr& a : f.top) {
    if (!findEntry(flakeTopLevel(), a.name)) {
      out.push_back(diag(a.nameRange, Severity::Error, code::FlakeAttribute,
                         "'" + a.name + "' is not a flake attribute (description, inputs, outputs, nixConfig)" +
                             suggestion(a.name, {flakeTopLevel()})));
      continue;
    }
    if (a.name == "outputs") hasOutputs = true;
    // A binding with a syntax error around it (a missing `;`) has a value
    // that the parser's recovery made up: nothing to say about its type.
    if (a.binding && a.binding.hasError()) continue;
    const Node v = unwrapParens(a.value);
    if (a.name == "outputs") {
      if (v && (isSetLiteral(v) || v.is(s.list_expression) || v.is(s.string_expression) ||
                v.is(s.integer_expression) || v.is(s.indented_string_expression))) {
        out.push_back(diag(a.nameRange, Severity::Error, code::FlakeAttribute,
                           "outputs must be a function of the inputs: outputs = { self, nixpkgs, ... }: { … };"));
      }
    } else if (a.name == "description") {
      if (v && !v.is(s.string_expression) && !v.is(s.indented_string_expression) &&
          (isSetLiteral(v) || v.is(s.list_expression) || v.is(s.integer_expression) ||
           v.is(s.float_expression) || v.is(s.function_expression)))
        out.push_back(diag(v.range(), Severity::Error, code::FlakeAttribute, "description must be a string"));
    } else if (a.name == "inputs" || a.name == "nixConfig") {
      if (v && (v.is(s.list_expression) || v.is(s.string_expression) || v.is(s.integer_expression) ||
                v.is(s.function_expression)))
        out.push_back(diag(v.range(), Severity::Error, code::FlakeAttribute, a.name + " must be an attribute set"));
    }
  }
  if (!hasOutputs && !f.root.hasError()) {
    out.push_back(diag({f.root.start(), f.root.start() + 1}, Severity::Error, code::FlakeAttribute,
                       "flake.nix has no outputs"));
  }
  const bool lockUsable = lock.lock && !lock.lock->syntaxError && lock.lock->rootNode();
  const LockNode* lockRoot = lockUsable ? lock.lock->rootNode() : nullptr;

  // Inputs.
  for (const FlakeInputDecl& in : f.inputs) {
    for (const FlakeInputDecl::Attr& a : in.attrs) {
      if (!findEntry(inputAttributes(), a.name) && a.name != "allRefs" && a.name != "lastModified" &&
          a.name != "revCount") {
        out.push_back(diag(a.nameRange, Severity::Error, code::FlakeInputAttribute,
                           "'" + a.name + "' is not an attribute of a flake input" +
                               suggestion(a.name, {inputAttributes()})));
      }
      if (a.name == "flake" && a.valueNode && !a.value) {
        // flake = <not a literal boolean>: Nix requires a Boolean.
        const Node v = unwrapParens(a.valueNode);
        if (v.is(s.string_expression) || v.is(s.integer_expression))
          out.push_back(diag(v.range(), Severity::Error, code::FlakeInputAttribute, "flake must be true or false"));
      }
    }
    std::optional<FlakeRef> ref;
    if (in.url && !in.urlDynamic) {
      const FlakeRefParse p = parseFlakeRef(*in.url);
      for (const FlakeRefProblem& pr : p.problems) {
        out.push_back(diag(in.urlRange, pr.warning ? Severity::Warning : Severity::Error, code::FlakeInputUrl,
                           (pr.warning ? "" : "invalid flake reference: ") + pr.message));
      }
      ref = p.ref;
    } else if (const FlakeInputDecl::Attr* type = in.attr("type")) {
      std::vector<std::pair<std::string, std::string>> attrs;
      for (const FlakeInputDecl::Attr& a : in.attrs)
        if (a.value && a.name != "flake") attrs.emplace_back(a.name, *a.value);
      const FlakeRefParse p = flakeRefFromAttrs(attrs);
      for (const FlakeRefProblem& pr : p.problems) {
        out.push_back(diag(type->nameRange, pr.warning ? Severity::Warning : Severity::Error, code::FlakeInputUrl,
                           pr.message));
      }
      ref = p.ref;
    }
    if (in.follows) checkFollowsTarget(f, lock, *in.follows, in.followsRange, in.name, out);
    for (const FlakeInputOverride& o : in.overrides) {
      if (o.follows) checkFollowsTarget(f, lock, *o.follows, o.followsRange, "", out);
      // The overridden input must exist (Nix warns otherwise).
      if (lockUsable) {
        const LockNode* node = lock.lock->resolve({in.name});
        if (node && !in.follows && !node->input(o.path[0])) {
          out.push_back(diag(o.nameRange, Severity::Warning, code::FlakeFollows,
                             "input '" + in.name + "' has no input '" + o.path[0] + "' (per flake.lock)"));
        }
      }
    }
    // The lock as seen from here.
    if (lockUsable) {
      const LockInputEdge* edge = lockRoot->input(in.name);
      if (!edge) {
        out.push_back(diag(in.nameRange, Severity::Warning, code::FlakeLockMissing,
                           "input '" + in.name + "' is not in flake.lock; `nix flake lock` adds it"));
        continue;
      }
      if (in.follows) {
        const std::vector<std::string> want = splitInputPath(*in.follows);
        if (!edge->follows || *edge->follows != want) {
          out.push_back(diag(in.followsRange, Severity::Warning, code::FlakeLockOutdated,
                             "flake.lock does not have '" + in.name + "' following '" + *in.follows +
                                 "' yet; run `nix flake lock`"));
        }
        continue;
      }
      const LockNode* node = edge->follows ? nullptr : lock.lock->node(edge->node);
      if (!node) continue;
      if (ref) {
        const auto want = identity(*ref);
        const auto have = identity(node->original);
        if (want != have) {
          out.push_back(diag(in.url ? in.urlRange : in.nameRange, Severity::Warning, code::FlakeLockOutdated,
                             "flake.lock pins '" + in.name + "' from " + lockAttrsToUrl(node->original) +
                                 "; run `nix flake lock` to follow the new reference"));
        }
      }
      for (const FlakeInputOverride& o : in.overrides) {
        if (!o.follows || o.path.size() != 1) continue;
        const LockInputEdge* sub = node->input(o.path[0]);
        const std::vector<std::string> want = splitInputPath(*o.follows);
        if (sub && (!sub->follows || *sub->follows != want)) {
          out.push_back(diag(o.followsRange, Severity::Warning, code::FlakeLockOutdated,
                             "flake.lock does not have '" + in.name + "/" + o.path[0] + "' following '" +
                                 *o.follows + "' yet; run `nix flake lock`"));
        }
      }
    }
  }
  if (!f.inputs.empty() && !lock.present) {
    out.push_back(diag(f.inputsRange, Severity::Information, code::FlakeLockMissing,
                       "there is no flake.lock next to flake.nix: the inputs are not pinned yet (`nix flake lock` "
                       "writes it)"));
  }

  // Arguments of outputs.
  if (f.outputsFunction) {
    for (const FlakeFormal& formal : f.formals) {
      if (formal.name == "self" || f.input(formal.name)) continue;
      const bool locked = lockRoot && lockRoot->input(formal.name);
      if (locked) {
        out.push_back(diag(formal.range, Severity::Warning, code::FlakeOutputArgument,
                           "'" + formal.name + "' is not declared in inputs; Nix looks it up in the flake registry "
                           "(declare inputs." + formal.name + ".url to say where it comes from)"));
      } else {
        out.push_back(diag(formal.range, Severity::Error, code::FlakeOutputArgument,
                           "'" + formal.name + "' is not an input of this flake (declare inputs." + formal.name +
                               ".url, or remove the argument)"));
      }
    }
    std::set<std::string, std::less<>> used;
    bool everything = false;
    usedInputs(f, src, used, everything);
    // Inputs that other inputs follow are used.
    for (const FlakeInputDecl& in : f.inputs) {
      if (in.follows) used.insert(splitInputPath(*in.follows).empty() ? "" : splitInputPath(*in.follows)[0]);
      for (const FlakeInputOverride& o : in.overrides)
        if (o.follows && !splitInputPath(*o.follows).empty()) used.insert(splitInputPath(*o.follows)[0]);
    }
    for (const FlakeInputDecl& in : f.inputs) {
      if (f.formal(in.name)) continue;
      if (f.outputsHasFormals && !f.outputsEllipsis) {
        out.push_back(diag(in.nameRange, Severity::Error, code::FlakeOutputArgument,
                           "outputs does not accept input '" + in.name + "': add it to the arguments, or add `...`"));
        continue;
      }
      if (everything || used.count(in.name)) continue;
      Diagnostic d = diag(in.nameRange, Severity::Hint, code::FlakeUnusedInput,
                          "input '" + in.name + "' is not used by outputs");
      d.tags.push_back(DiagnosticTag::Unnecessary);
      out.push_back(std::move(d));
    }
  }
  return out;
}

std::vector<Diagnostic> lockDiagnostics(std::string_view lockText, const SyntaxTree* flake) {
  std::vector<Diagnostic> out;
  const LockFile lock = parseLockFile(lockText);
  for (const LockProblem& p : lock.problems)
    out.push_back(diag(p.range, Severity::Error, code::FlakeLockInvalid, p.message));
  if (lock.syntaxError || !flake) return out;
  const LockNode* root = lock.rootNode();
  if (!root) return out;
  const FlakeFile f = readFlake(*flake);
  if (!f.isAttrset) return out;
  for (const LockInputEdge& e : root->inputs) {
    if (f.input(e.name) || (f.formal(e.name) && e.name != "self")) continue;
    out.push_back(diag(e.nameRange, Severity::Warning, code::FlakeLockStale,
                       "flake.nix no longer declares input '" + e.name + "'; `nix flake lock` removes it"));
  }
  // Nodes no input leads to.
  std::set<std::string> reached{lock.root};
  std::vector<std::string> todo{lock.root};
  while (!todo.empty()) {
    const LockNode* n = lock.node(todo.back());
    todo.pop_back();
    if (!n) continue;
    for (const LockInputEdge& e : n->inputs) {
      if (!e.follows && reached.insert(e.node).second) todo.push_back(e.node);
    }
  }
  for (const auto& [key, n] : lock.nodes) {
    if (reached.count(key)) continue;
    Diagnostic d = diag(n.keyRange, Severity::Hint, code::FlakeLockStale,
                        "node '" + key + "' is not used by any input; `nix flake lock` removes it");
    d.tags.push_back(DiagnosticTag::Unnecessary);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace fw::flakes
