#include "analysis/packages/package_checks.h"

#include <algorithm>
#include <set>

#include "analysis/attr_names.h"
#include "analysis/diagnostic_codes.h"
#include "analysis/flakes/flake_schema.h"
#include "analysis/packages/hash_format.h"
#include "analysis/packages/nix_syntax.h"
#include "analysis/scopes.h"
#include "analysis/syntax_helpers.h"
#include "parser/document_view.h"

namespace fw::packages {

namespace {

constexpr std::size_t kMaxFollow = 8;

Diagnostic diag(ByteRange r, Severity sev, std::string_view code, std::string message) {
  Diagnostic d;
  d.range = r;
  d.severity = sev;
  d.code = std::string(code);
  d.message = std::move(message);
  return d;
}

std::string code(std::string_view s) { return "`" + std::string(s) + "`"; }

// The value a variable is bound to in this file (let, rec, inherit from a
// literal), or null.
Node valueOfVariable(Node var, const SyntaxTree& tree) {
  const std::string_view src = tree.text();
  std::vector<Node> path;
  descendTo(tree.root(), var.start(), path);
  if (path.empty()) return {};
  const Resolution r = resolveName(path, var.text(src), src);
  if (r.kind != Resolution::Kind::Definition) return {};
  return r.def.value;
}

void collectSets(Node e, const SyntaxTree& tree, CallSite& c, std::size_t depth) {
  const Symbols& s = syms();
  e = unparen(e);
  if (!e || depth > kMaxFollow) {
    c.complete = false;
    return;
  }
  if (isSetLiteral(e)) {
    c.sets.push_back(e);
  } else if (e.is(s.function_expression) || e.is(s.let_expression) || e.is(s.with_expression) ||
             e.is(s.assert_expression)) {
    if (e.is(s.with_expression)) c.complete = false;  // names from with are unknown
    collectSets(e.field(fields().body), tree, c, depth + 1);
  } else if (e.is(s.binary_expression) && e.field(fields().operator_).type() == std::string_view("//")) {
    collectSets(e.field(fields().left), tree, c, depth + 1);
    collectSets(e.field(fields().right), tree, c, depth + 1);
  } else if (e.is(s.variable_expression)) {
    const Node v = valueOfVariable(e, tree);
    if (v) collectSets(v, tree, c, depth + 1);
    else c.complete = false;
  } else {
    c.complete = false;
  }
}

std::vector<DirectBinding> bindingsOf(const CallSite& c, std::string_view src) {
  std::vector<DirectBinding> out;
  for (const Node& set : c.sets) {
    for (const DirectBinding& b : directBindings(set, src)) out.push_back(b);
  }
  return out;
}

bool present(const std::vector<DirectBinding>& bs, std::string_view name) {
  return std::any_of(bs.begin(), bs.end(), [&](const DirectBinding& b) { return b.name == name; });
}

std::vector<std::string_view> splitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// "pname,version|name" -> "`pname` and `version` (or `name`)".
std::string describeRequirement(std::string_view req) {
  std::string out;
  const auto alts = splitOn(req, '|');
  for (std::size_t i = 0; i < alts.size(); ++i) {
    std::string alt;
    const auto names = splitOn(alts[i], ',');
    for (std::size_t k = 0; k < names.size(); ++k) alt += (k ? " and " : "") + code(names[k]);
    if (i == 0) out = alt;
    else out += (i == 1 ? " (or " : ", or ") + alt;
  }
  if (alts.size() > 1) out += ")";
  return out;
}

bool satisfied(std::string_view req, const std::vector<DirectBinding>& bs) {
  for (std::string_view alt : splitOn(req, '|')) {
    bool all = true;
    for (std::string_view n : splitOn(alt, ',')) all = all && present(bs, n);
    if (all) return true;
  }
  return false;
}

std::string suggestArg(const CalleeInfo& c, std::string_view name) {
  std::string best;
  std::size_t bestDist = name.size() > 4 ? 3 : 2;
  auto consider = [&](std::span<const ArgInfo> args) {
    for (const ArgInfo& a : args) {
      const std::size_t d = flakes::editDistance(name, a.name);
      if (d < bestDist) {
        bestDist = d;
        best = std::string(a.name);
      }
    }
  };
  consider(c.args);
  consider(c.sharedArgs);
  if (c.takesMkDerivationArgs) consider(mkDerivationArgs());
  return best.empty() ? "" : "; did you mean " + code(best) + "?";
}

// The hash argument names a callee takes.
bool takesHashArg(const CalleeInfo& c, std::string_view name) { return findArg(c, name) && findHashArg(name); }

struct HashFinding {
  Diagnostic diagnostic;
  // For legacy hashes: the SRI form and the binding to rewrite.
  std::optional<std::string> sri;
  ByteRange valueContent;
  ByteRange nameRange;
  std::string_view modern;
};

// Checks one hash binding: `name = value`. `argName` is the fetcher's name
// for it (a wrapper may call it differently).
std::optional<HashFinding> checkHash(std::string_view argName, ByteRange nameRange, Node value, std::string_view src,
                                     std::string_view callee) {
  const HashArg* h = findHashArg(argName);
  if (!h || !value) return std::nullopt;
  const Symbols& s = syms();
  value = unparen(value);
  HashFinding f;
  f.nameRange = nameRange;
  f.modern = h->modern;
  if (auto dotted = dottedName(value, src)) {
    const std::string_view d = *dotted;
    if (d.ends_with("fakeHash") || d.ends_with("fakeSha256") || d.ends_with("fakeSha512")) {
      f.diagnostic = diag(value.range(), Severity::Warning, code::FetcherFakeHash,
                          code(d) + " is a placeholder: replace it with the hash the first build reports");
      return f;
    }
    if (d == "null") return std::nullopt;
    return std::nullopt;
  }
  const std::optional<StringLiteral> lit = stringLiteral(value, src);
  if (!lit) return std::nullopt;
  (void)s;
  if (lit->value.empty()) {
    f.diagnostic = diag(value.range(), Severity::Warning, code::FetcherFakeHash,
                        "an empty hash is a placeholder: Nix reports the real hash at the first build; put it here");
    return f;
  }
  std::optional<HashAlgo> known;
  if (h->algo) known = algoFromName(*h->algo);
  const HashParse p = parseHash(lit->value, known);
  if (!p.hash) {
    f.diagnostic = diag(lit->content, Severity::Error, code::FetcherInvalidHash,
                        "invalid " + std::string(argName) + " for " + std::string(callee) + ": " + p.error);
    return f;
  }
  if (p.hash->allZero()) {
    f.diagnostic = diag(lit->content, Severity::Warning, code::FetcherFakeHash,
                        "an all-zero hash is a placeholder: replace it with the hash the first build reports");
    return f;
  }
  if (p.hash->encoding != HashEncoding::Sri || argName != h->modern) {
    f.sri = toSri(*p.hash);
    f.valueContent = lit->content;
    Diagnostic d = diag(lit->content, Severity::Hint, code::FetcherLegacyHash,
                        argName != h->modern ? std::string(argName) + " is the legacy form: use " +
                                                   std::string(h->modern) + " = \"" + *f.sri + "\""
                                             : "a legacy hash encoding: the SRI form is \"" + *f.sri + "\"");
    f.diagnostic = std::move(d);
    return f;
  }
  return std::nullopt;
}

std::optional<Diagnostic> checkRev(Node value, std::string_view src, std::string_view callee) {
  const std::optional<StringLiteral> lit = stringLiteral(value, src);
  if (!lit || !isBranchName(lit->value)) return std::nullopt;
  return diag(lit->content, Severity::Warning, code::FetcherBranchRev,
              "rev \"" + lit->value + "\" of " + std::string(callee) +
                  " is a branch: when it moves, the hash stops matching and builds differ; pin a commit hash or a tag");
}

struct Wrapper {
  std::string name;
  const CalleeInfo* fetcher = nullptr;
  std::vector<std::pair<std::string, std::string>> passes;  // formal -> fetcher argument
  std::vector<std::string> required;                        // formals without default
};

// Functions of this file that call a fetcher with some of their own
// arguments (`mkSource = { rev, hash }: fetchFromGitHub { …; inherit rev hash; }`).
std::vector<Wrapper> findWrappers(const SyntaxTree& tree, const std::vector<CallSite>& calls) {
  const Symbols& s = syms();
  const std::string_view src = tree.text();
  std::vector<Wrapper> out;
  for (const CallSite& c : calls) {
    if (!c.callee || c.callee->kind != CalleeKind::Fetcher) continue;
    // The innermost function with formals around the call, bound to a name.
    std::vector<Node> path;
    descendTo(tree.root(), c.call.start(), path);
    for (std::size_t i = path.size(); i-- > 1;) {
      const Node fn = path[i];
      if (!fn.is(s.function_expression) || !fn.field(fields().formals)) continue;
      const Node binding = path[i - 1];
      if (!binding.is(s.binding) || unparen(binding.field(fields().expression)) != fn) break;
      std::string name;
      forEachChild(binding.field(fields().attrpath), [&](Node a, TSFieldId f) {
        if (f == fields().attr)
          if (auto n = staticAttrName(a, src)) name = std::string(*n);
        return true;
      });
      if (name.empty()) break;
      Wrapper w;
      w.name = name;
      w.fetcher = c.callee;
      std::set<std::string> formals;
      forEachChild(fn.field(fields().formals), [&](Node f, TSFieldId) {
        if (!f.is(s.formal)) return true;
        const Node n = f.field(fields().name);
        if (!n) return true;
        formals.insert(std::string(n.text(src)));
        if (!f.field(fields().default_)) w.required.emplace_back(n.text(src));
        return true;
      });
      const Node universal = fn.field(fields().universal);
      const std::string at = universal ? std::string(universal.text(src)) : "";
      for (const Node& set : c.sets) {
        for (const DirectBinding& b : directBindings(set, src)) {
          if (b.value && unparen(b.value).is(s.variable_expression) && formals.count(std::string(unparen(b.value).text(src))))
            w.passes.emplace_back(std::string(unparen(b.value).text(src)), std::string(b.name));
          else if (!b.value && b.binding.is(s.inherit) && formals.count(std::string(b.name)))
            w.passes.emplace_back(std::string(b.name), std::string(b.name));
        }
      }
      // `{ … } // args` passes every argument through.
      if (!at.empty()) {
        walk(c.argument, [&](Node n) {
          if (n.is(s.variable_expression) && n.text(src) == at) {
            for (const std::string& f : formals) w.passes.emplace_back(f, f);
          }
          return !n.is(s.function_expression);
        });
      }
      std::erase_if(w.passes, [&](const auto& p) { return !findArg(*c.callee, p.second); });
      if (!w.passes.empty()) out.push_back(std::move(w));
      break;
    }
  }
  return out;
}

void addUnique(std::vector<Diagnostic>& out, Diagnostic d) {
  for (const Diagnostic& o : out)
    if (o.range == d.range && o.code == d.code && o.message == d.message) return;
  out.push_back(std::move(d));
}

// Hash findings of one call (its own hash arguments, or a wrapper's).
std::vector<HashFinding> hashFindings(const CallSite& c, std::string_view src) {
  std::vector<HashFinding> out;
  const std::vector<DirectBinding> bs = bindingsOf(c, src);
  for (const DirectBinding& b : bs) {
    if (!b.value) continue;
    std::string argName(b.name);
    const CalleeInfo* info = c.callee;
    if (!info && c.wraps) {
      auto it = std::find_if(c.passes.begin(), c.passes.end(), [&](const auto& p) { return p.first == b.name; });
      if (it == c.passes.end()) continue;
      argName = it->second;
      info = c.wraps;
    }
    if (!info || !takesHashArg(*info, argName)) continue;
    if (auto f = checkHash(argName, b.nameRange, b.value, src, c.calleeName)) {
      // Wrappers keep their own argument names.
      if (!c.callee) f->modern = b.name;
      // builtins.fetchTarball takes only sha256 (in any encoding).
      if (info && !info->acceptsSri) f->modern = b.name;
      out.push_back(std::move(*f));
    }
  }
  return out;
}

}  // namespace

std::vector<CallSite> findCalls(const SyntaxTree& tree, std::stop_token stop) {
  const Symbols& s = syms();
  const std::string_view src = tree.text();
  std::vector<CallSite> out;
  walk(tree.root(), [&](Node n) {
    if (stop.stop_requested()) return false;
    if (!n.is(s.apply_expression)) return true;
    const Node fn = n.field(fields().function);
    if (!fn || fn.is(s.apply_expression)) return true;
    const std::optional<std::string> name = dottedName(fn, src);
    if (!name) return true;
    const CalleeInfo* info = findCallee(*name);
    if (!info) return true;
    CallSite c;
    c.callee = info;
    c.calleeName = *name;
    c.call = n;
    c.calleeNode = fn;
    c.argument = n.field(fields().argument);
    collectSets(c.argument, tree, c, 0);
    out.push_back(std::move(c));
    return true;
  });
  // Calls of this file's fetcher wrappers.
  const std::vector<Wrapper> wrappers = findWrappers(tree, out);
  if (wrappers.empty()) return out;
  walk(tree.root(), [&](Node n) {
    if (!n.is(s.apply_expression)) return true;
    const Node fn = n.field(fields().function);
    if (!fn || fn.is(s.apply_expression)) return true;
    const std::optional<std::string> name = dottedName(fn, src);
    if (!name) return true;
    const std::string_view last = std::string_view(*name).substr(name->rfind('.') == std::string::npos ? 0 : name->rfind('.') + 1);
    for (const Wrapper& w : wrappers) {
      if (w.name != last) continue;
      CallSite c;
      c.calleeName = *name;
      c.call = n;
      c.calleeNode = fn;
      c.argument = n.field(fields().argument);
      c.wraps = w.fetcher;
      c.passes = w.passes;
      c.wrapperRequired = w.required;
      collectSets(c.argument, tree, c, 0);
      out.push_back(std::move(c));
      break;
    }
    return true;
  });
  return out;
}

std::vector<Diagnostic> packageDiagnostics(const SyntaxTree& tree, std::stop_token stop) {
  std::vector<Diagnostic> out;
  const std::string_view src = tree.text();
  const Symbols& s = syms();
  for (const CallSite& c : findCalls(tree, stop)) {
    if (stop.stop_requested()) return {};
    const std::vector<DirectBinding> bs = bindingsOf(c, src);
    const ByteRange at = c.calleeNode.range();
    if (c.wraps) {
      // A project helper around a fetcher: its rev and hash arguments.
      for (const DirectBinding& b : bs) {
        auto it = std::find_if(c.passes.begin(), c.passes.end(), [&](const auto& p) { return p.first == b.name; });
        if (it == c.passes.end() || !b.value) continue;
        if (it->second == "rev")
          if (auto d = checkRev(b.value, src, c.calleeName + " (via " + std::string(c.wraps->name) + ")")) addUnique(out, *d);
      }
      for (HashFinding& f : hashFindings(c, src)) addUnique(out, std::move(f.diagnostic));
      if (c.complete) {
        for (const std::string& req : c.wrapperRequired) {
          auto it = std::find_if(c.passes.begin(), c.passes.end(), [&](const auto& p) { return p.first == req; });
          if (it != c.passes.end() && findHashArg(it->second) && !present(bs, req)) {
            addUnique(out, diag(at, Severity::Error, code::FetcherMissingHash,
                                c.calleeName + " is called without " + code(req) + ", the hash it passes to " +
                                    std::string(c.wraps->name)));
          }
        }
      }
      continue;
    }
    const CalleeInfo& info = *c.callee;
    // Unknown arguments (in sets written for this call or reached from it).
    for (const DirectBinding& b : bs) {
      if (findArg(info, b.name) || isConventionalArg(b.name)) continue;
      if (info.kind == CalleeKind::Builder && info.takesMkDerivationArgs && b.name == "meta") continue;
      Diagnostic d = diag(b.nameRange, Severity::Hint, code::BuilderUnknownArgument,
                          code(b.name) + " is not an argument of " + std::string(info.name) +
                              (info.kind == CalleeKind::Builder ? " (it becomes an environment variable of the build)" : "") +
                              suggestArg(info, b.name));
      addUnique(out, std::move(d));
    }
    // Required arguments.
    const bool stringArgument = static_cast<bool>(stringLiteral(c.argument, src)) ||
                                unparen(c.argument).is(s.uri_expression);
    if (c.complete) {
      for (std::string_view req : info.required) {
        if (!satisfied(req, bs)) {
          addUnique(out, diag(at, Severity::Error, code::BuilderMissingArgument,
                              c.calleeName + " is called without " + describeRequirement(req)));
        }
      }
    }
    if (info.kind == CalleeKind::Fetcher) {
      const bool hasHash = std::any_of(bs.begin(), bs.end(), [&](const DirectBinding& b) { return takesHashArg(info, b.name); });
      if (info.needsHash && !hasHash && (c.complete || stringArgument)) {
        addUnique(out, diag(at, Severity::Error, code::FetcherMissingHash,
                            c.calleeName + " has no hash, so the source is not pinned (pure evaluation refuses it); add " +
                                (info.acceptsSri ? std::string("hash = lib.fakeHash;") : std::string("sha256 = \"\";")) +
                                " and put in the hash the first build reports"));
      }
      if (info.name == "fetchGit" && c.complete && !present(bs, "rev")) {
        addUnique(out, diag(at, Severity::Error, code::FetcherMissingHash,
                            "builtins.fetchGit without rev is not pinned (pure evaluation refuses it): add the commit hash as rev"));
      }
      for (const DirectBinding& b : bs) {
        if (b.name == "rev" && b.value)
          if (auto d = checkRev(b.value, src, c.calleeName)) addUnique(out, *d);
        if (info.name == "fetchGit" && b.name == "ref" && b.value && !present(bs, "rev")) {
          // ref alone follows the branch: the same problem as a branch rev.
          if (auto lit = stringLiteral(b.value, src))
            addUnique(out, diag(lit->content, Severity::Warning, code::FetcherBranchRev,
                                "builtins.fetchGit follows ref \"" + lit->value + "\" without a rev: pin a commit"));
        }
      }
    }
    for (HashFinding& f : hashFindings(c, src)) addUnique(out, std::move(f.diagnostic));
    if (info.kind != CalleeKind::Builder) continue;
    for (const DirectBinding& b : bs) {
      // meta attributes.
      if (b.name == "meta" && b.value && isSetLiteral(unparen(b.value))) {
        for (const DirectBinding& m : directBindings(unparen(b.value), src)) {
          bool known = false;
          for (const ArgInfo& a : metaAttributes()) known = known || a.name == m.name;
          if (!known)
            addUnique(out, diag(m.nameRange, Severity::Hint, code::MetaUnknownAttribute,
                                code(m.name) + " is not a meta attribute nixpkgs knows"));
        }
      }
      // Build tools in buildInputs (a shell has no build/host split).
      if (b.name == "buildInputs" && b.value && info.name != "mkShell") {
        for (const Node& list : listLiteralsOf(b.value)) {
          forEachChild(list, [&](Node el, TSFieldId f) {
            if (f != fields().element) return true;
            const auto name = dottedName(el, src);
            if (!name) return true;
            const std::string_view last = std::string_view(*name).substr(name->rfind('.') == std::string::npos ? 0 : name->rfind('.') + 1);
            if (isBuildTool(last)) {
              addUnique(out, diag(el.range(), Severity::Hint, code::BuildToolInBuildInputs,
                                  code(*name) + " runs at build time: it belongs in nativeBuildInputs (buildInputs are "
                                                "for the machine the package runs on, which differs when cross-compiling)"));
            }
            return true;
          });
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- code actions

namespace {

std::size_t lineStart(std::string_view src, std::size_t o) {
  while (o > 0 && src[o - 1] != '\n') --o;
  return o;
}

bool blankBetween(std::string_view src, std::size_t a, std::size_t b) {
  for (std::size_t i = a; i < b; ++i)
    if (src[i] != ' ' && src[i] != '\t') return false;
  return true;
}

// Removes a list element, with the line it stands on when alone there.
TextEdit removeElement(std::string_view src, Node el) {
  const std::size_t ls = lineStart(src, el.start());
  std::size_t le = el.end();
  while (le < src.size() && (src[le] == ' ' || src[le] == '\t')) ++le;
  if (blankBetween(src, ls, el.start()) && (le >= src.size() || src[le] == '\n' || src[le] == '\r')) {
    if (le < src.size() && src[le] == '\r') ++le;
    if (le < src.size() && src[le] == '\n') ++le;
    return {{static_cast<ByteOffset>(ls), static_cast<ByteOffset>(le)}, ""};
  }
  // `[ a b c ]`: the element and the space after it.
  ByteOffset end = el.end();
  if (end < src.size() && src[end] == ' ') ++end;
  return {{el.start(), end}, ""};
}

// Adds `text` as the last element of a list literal.
TextEdit appendElement(std::string_view src, Node list, std::string_view text) {
  Node last;
  forEachChild(list, [&](Node el, TSFieldId f) {
    if (f == fields().element) last = el;
    return true;
  });
  const ByteOffset close = list.end() - 1;  // the ']'
  if (!last) return {{list.start() + 1, close}, " " + std::string(text) + " "};
  const bool multiline = src.substr(list.start(), list.end() - list.start()).find('\n') != std::string_view::npos;
  if (multiline) {
    const std::string indent = indentationAt(src, last.start());
    return {{last.end(), last.end()}, "\n" + indent + std::string(text)};
  }
  return {{last.end(), last.end()}, " " + std::string(text)};
}

std::optional<CodeAction> moveToNative(const SyntaxTree& tree, const CallSite& c, Node element) {
  const std::string_view src = tree.text();
  const std::string name(element.text(src));
  // The set holding buildInputs, and nativeBuildInputs if there is one.
  Node set;
  Node buildInputsBinding;
  for (const Node& s : c.sets) {
    if (auto b = findBinding(s, "buildInputs", src); b && b->value && b->value.start() <= element.start() &&
                                                     element.end() <= b->value.end()) {
      set = s;
      buildInputsBinding = b->binding;
    }
  }
  if (!set) return std::nullopt;
  CodeAction a;
  a.title = "Move " + name + " to nativeBuildInputs";
  a.kind = CodeActionKind::QuickFix;
  a.edits.push_back(removeElement(src, element));
  std::optional<DirectBinding> native;
  for (const Node& s : c.sets)
    if (!native) native = findBinding(s, "nativeBuildInputs", src);
  if (native && native->value) {
    const std::vector<Node> lists = listLiteralsOf(native->value);
    if (lists.empty()) return std::nullopt;
    a.edits.push_back(appendElement(src, lists.front(), name));
  } else if (native) {
    return std::nullopt;  // inherited: not ours to edit
  } else {
    const std::string indent = indentationAt(src, buildInputsBinding.start());
    const ByteOffset at = static_cast<ByteOffset>(lineStart(src, buildInputsBinding.start()));
    a.edits.push_back({{at, at}, indent + "nativeBuildInputs = [ " + name + " ];\n"});
  }
  std::sort(a.edits.begin(), a.edits.end(), [](const TextEdit& x, const TextEdit& y) { return x.range.start < y.range.start; });
  // Edits must not overlap: an insertion at the removed line's start is
  // merged by putting it first (same start, empty range).
  return a;
}

}  // namespace

std::vector<CodeAction> packageCodeActions(const SyntaxTree& tree, ByteRange range,
                                           std::span<const Diagnostic> diagnostics) {
  std::vector<CodeAction> out;
  const std::string_view src = tree.text();
  auto touches = [&](ByteRange r) { return r.end >= range.start && r.start <= range.end; };
  for (const CallSite& c : findCalls(tree)) {
    // Legacy hashes -> SRI.
    for (const HashFinding& f : hashFindings(c, src)) {
      if (!f.sri || !touches(f.diagnostic.range)) continue;
      CodeAction a;
      const bool rename = f.modern != src.substr(f.nameRange.start, f.nameRange.length());
      a.title = rename ? "Use " + std::string(f.modern) + " = \"" + *f.sri + "\"" : "Convert to the SRI hash \"" + *f.sri + "\"";
      a.kind = CodeActionKind::QuickFix;
      if (rename) a.edits.push_back({f.nameRange, std::string(f.modern)});
      a.edits.push_back({f.valueContent, *f.sri});
      for (const Diagnostic& d : diagnostics) {
        if (d.code == code::FetcherLegacyHash && d.range == f.diagnostic.range) {
          a.diagnostic = d;
          a.preferred = true;
        }
      }
      if (!a.diagnostic) a.kind = CodeActionKind::RefactorRewrite;
      out.push_back(std::move(a));
    }
    // Build tools in buildInputs.
    if (!c.callee || c.callee->kind != CalleeKind::Builder) continue;
    for (const Diagnostic& d : diagnostics) {
      if (d.code != code::BuildToolInBuildInputs || !touches(d.range)) continue;
      const Node el = tree.root().namedDescendant(d.range.start, d.range.end);
      if (!el || el.range() != d.range) continue;
      bool inThisCall = false;
      for (const Node& s : c.sets) inThisCall = inThisCall || (s.start() <= el.start() && el.end() <= s.end());
      if (!inThisCall) continue;
      if (auto a = moveToNative(tree, c, el)) {
        a->diagnostic = d;
        a->preferred = true;
        out.push_back(std::move(*a));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- hover, completion

namespace {

struct ArgContext {
  const CallSite* call = nullptr;
  bool inMeta = false;
  Node set;  // the set the cursor is in
};

// The call whose argument set (or whose `meta` set) is the innermost set
// around `offset`.
std::optional<ArgContext> argContextAt(const std::vector<CallSite>& calls, ByteOffset offset, std::string_view src) {
  std::optional<ArgContext> best;
  auto inside = [&](Node n) { return n.start() < offset && offset < n.end(); };
  for (const CallSite& c : calls) {
    for (const Node& s : c.sets) {
      if (!inside(s)) continue;
      if (best && best->set.start() >= s.start() && best->set.end() <= s.end()) continue;
      best = ArgContext{&c, false, s};
      if (auto meta = findBinding(s, "meta", src); meta && meta->value && isSetLiteral(unparen(meta->value)) &&
                                                   inside(unparen(meta->value)))
        best = ArgContext{&c, true, unparen(meta->value)};
    }
  }
  return best;
}

std::string argMarkdown(const ArgInfo& a, std::string_view owner) {
  std::string md = "**" + std::string(a.name) + "** — " + std::string(owner) + "\n```\n" + std::string(a.type) + "\n```\n" +
                   std::string(a.doc);
  if (!a.defaultValue.empty()) md += "\n\nDefault: " + code(a.defaultValue);
  return md;
}

std::string calleeMarkdown(const CalleeInfo& c) {
  std::string md = "**" + std::string(c.name) + "** — " + (c.kind == CalleeKind::Builder ? "package builder" : "fetcher") +
                   "\n\n" + std::string(c.doc);
  if (!c.required.empty()) {
    md += "\n\nRequired: ";
    for (std::size_t i = 0; i < c.required.size(); ++i) md += (i ? "; " : "") + describeRequirement(c.required[i]);
  }
  if (c.needsHash) md += "\n\nNeeds a hash (`hash = \"sha256-…\";`).";
  return md;
}

}  // namespace

std::optional<HoverResult> packageHover(const DocumentView& view, ByteOffset offset) {
  if (!view.isExact()) return std::nullopt;
  const SyntaxTree& tree = *view.full();
  const std::string_view src = tree.text();
  const Symbols& s = syms();
  const std::vector<Node> path = view.pathAt(offset);
  if (path.size() < 2) return std::nullopt;
  const Node leaf = path.back();
  if (!leaf.is(s.identifier)) return std::nullopt;
  const std::vector<CallSite> calls = findCalls(tree);
  // The builder or fetcher itself.
  for (const CallSite& c : calls) {
    if (c.callee && c.calleeNode.start() <= leaf.start() && leaf.end() <= c.calleeNode.end() &&
        leaf.end() == c.calleeNode.end())
      return HoverResult{leaf.range(), calleeMarkdown(*c.callee)};
  }
  // An argument name.
  const Node parent = path[path.size() - 2];
  if (!parent.is(s.attrpath) && !parent.is(s.inherited_attrs)) return std::nullopt;
  const std::optional<ArgContext> ctx = argContextAt(calls, leaf.start(), src);
  if (!ctx) return std::nullopt;
  // Only the first name of a binding directly in the set.
  const Node binding = path.size() >= 3 ? path[path.size() - 3] : Node();
  if (binding.parent().parent() != ctx->set && binding.parent() != ctx->set) return std::nullopt;
  if (parent.is(s.attrpath) && parent.field(fields().attr) != leaf) return std::nullopt;
  const std::string_view name = leaf.text(src);
  if (ctx->inMeta) {
    for (const ArgInfo& a : metaAttributes())
      if (a.name == name) return HoverResult{leaf.range(), argMarkdown(a, "meta attribute")};
    return std::nullopt;
  }
  const CallSite& c = *ctx->call;
  const CalleeInfo* info = c.callee ? c.callee : c.wraps;
  if (!info) return std::nullopt;
  std::string argName(name);
  std::string owner = "argument of " + code(info->name);
  if (!c.callee) {
    auto it = std::find_if(c.passes.begin(), c.passes.end(), [&](const auto& p) { return p.first == name; });
    if (it == c.passes.end()) return std::nullopt;
    argName = it->second;
    owner = "passed by " + code(c.calleeName) + " to " + code(info->name) + " as " + code(argName);
  }
  if (const ArgInfo* a = findArg(*info, argName)) {
    bool own = false;
    for (const ArgInfo& x : info->args) own = own || x.name == argName;
    for (const ArgInfo& x : info->sharedArgs) own = own || x.name == argName;
    if (!own && c.callee) owner = "argument of " + code(info->name) + " (from stdenv.mkDerivation)";
    return HoverResult{leaf.range(), argMarkdown(*a, owner)};
  }
  if (isConventionalArg(name))
    return HoverResult{leaf.range(), code(name) + ": passed to the build as an environment variable or setup-hook setting"};
  return HoverResult{leaf.range(), code(name) + " is not an argument of " + code(info->name) +
                                       "; builders pass it on as an environment variable"};
}

std::optional<CompletionResult> packageCompletion(const DocumentView& viewIn, ByteOffset offset) {
  if (!viewIn.isExact()) return std::nullopt;
  DocumentViewPtr patched = completionView(viewIn, offset);
  const DocumentView& view = patched ? *patched : viewIn;
  const SyntaxTree& tree = *view.full();
  const std::string_view src = tree.text();
  offset = std::min<ByteOffset>(offset, static_cast<ByteOffset>(src.size()));
  ByteOffset start = offset;
  auto nameChar = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '\'';
  };
  while (start > 0 && nameChar(src[start - 1])) --start;
  ByteOffset before = start;
  while (before > 0 && (src[before - 1] == ' ' || src[before - 1] == '\t' || src[before - 1] == '\n' || src[before - 1] == '\r'))
    --before;
  const char prev = before > 0 ? src[before - 1] : '\0';
  if (prev != '{' && prev != ';') return std::nullopt;
  const std::vector<CallSite> calls = findCalls(tree);
  const std::optional<ArgContext> ctx = argContextAt(calls, start, src);
  if (!ctx) return std::nullopt;
  const std::string_view typed = src.substr(start, offset - start);
  CompletionResult r;
  r.replace = {start, offset};
  std::set<std::string, std::less<>> have;
  for (const DirectBinding& b : directBindings(ctx->set, src))
    if (!(b.nameRange.start <= offset && offset <= b.nameRange.end)) have.insert(std::string(b.name));
  auto add = [&](const ArgInfo& a, char group, std::string_view owner) {
    if (have.count(a.name)) return;
    std::size_t j = 0;
    for (char ch : a.name)
      if (j < typed.size() && std::tolower(static_cast<unsigned char>(ch)) == std::tolower(static_cast<unsigned char>(typed[j]))) ++j;
    if (j < typed.size()) return;
    for (const CompletionItem& it : r.items)
      if (it.label == a.name) return;
    CompletionItem it;
    it.label = std::string(a.name);
    it.kind = CompletionKind::Property;
    it.detail = std::string(a.type);
    it.documentation = argMarkdown(a, owner);
    it.sortText = std::string(1, group) + it.label;
    r.items.push_back(std::move(it));
  };
  if (ctx->inMeta) {
    for (const ArgInfo& a : metaAttributes()) add(a, '0', "meta attribute");
    return r;
  }
  const CallSite& c = *ctx->call;
  if (c.callee) {
    const std::string owner = "argument of " + code(c.callee->name);
    for (const ArgInfo& a : c.callee->args) add(a, '0', owner);
    for (const ArgInfo& a : c.callee->sharedArgs) add(a, '0', owner);
    if (c.callee->takesMkDerivationArgs)
      for (const ArgInfo& a : mkDerivationArgs()) add(a, '1', "argument of `stdenv.mkDerivation`");
  } else if (c.wraps) {
    for (const auto& [formal, arg] : c.passes) {
      if (const ArgInfo* a = findArg(*c.wraps, arg)) {
        ArgInfo renamed = *a;
        renamed.name = formal;
        add(renamed, '0', "passed to " + code(c.wraps->name) + " as " + code(arg));
      }
    }
  }
  return r;
}

}  // namespace fw::packages
