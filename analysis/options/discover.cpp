#include "analysis/options/discover.h"

#include <algorithm>

#include "analysis/eval/compile.h"
#include "analysis/options/module_syntax.h"

namespace fw::options {

std::vector<ModuleRoot> moduleRootsOf(const std::string& path, const SyntaxTree& tree) {
  std::vector<ModuleRoot> out;
  if (!tree.parsed()) return out;
  if (fileModule(tree)) {
    out.push_back({path, std::nullopt});
    return out;
  }
  for (const ModuleSyntax& m : findModules(tree.root(), tree.text())) {
    if (m.wholeFile) continue;
    if (!m.optionsValue && !m.hasImports && !m.explicitForm) continue;
    // Inline modules inside another inline module are reached through it.
    bool nested = false;
    for (const ModuleRoot& r : out)
      if (r.range && r.range->start <= m.expr.start() && m.expr.end() <= r.range->end) nested = true;
    if (!nested) out.push_back({path, m.expr.range()});
  }
  return out;
}

std::uint64_t schemaFingerprint(const SyntaxTree& tree) {
  const std::string_view text = tree.text();
  std::vector<ByteRange> cut;
  if (tree.parsed()) {
    for (const ModuleSyntax& m : findModules(tree.root(), text)) {
      if (m.explicitForm) {
        if (m.configValue) cut.push_back(m.configValue.range());
        continue;
      }
      forEachDefinition(m, text, [&](const DefinitionSite& site) {
        // Only the module's own bindings (the outermost definitions).
        if (!site.value || !site.binding) return;
        for (const ByteRange& r : cut)
          if (r.start <= site.binding.start() && site.binding.end() <= r.end) return;
        if (!site.path.empty() && site.path[0].name == "_module") return;
        cut.push_back(site.binding.range());
      });
    }
  }
  std::sort(cut.begin(), cut.end(), [](const ByteRange& a, const ByteRange& b) { return a.start < b.start; });
  // FNV-1a over the kept bytes, with a marker for each cut.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  // Whitespace is skipped, and cuts next to each other count once.
  bool lastWasCut = false;
  auto kept = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to && i < text.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
      mix(c);
      lastWasCut = false;
    }
  };
  std::size_t pos = 0;
  for (const ByteRange& r : cut) {
    if (r.start < pos) continue;
    kept(pos, r.start);
    if (!lastWasCut) mix(0);
    lastWasCut = true;
    pos = r.end;
  }
  kept(pos, text.size());
  return h;
}

namespace {

bool exists(eval::Evaluator& ev, const std::string& path) {
  return ev.files().fs().kind(path) != eval::FileKind::Missing;
}

std::optional<NixpkgsLocation> at(eval::Evaluator& ev, std::string dir, std::string origin) {
  dir = eval::canonicalPath(dir);
  if (dir.ends_with("/default.nix")) dir.resize(dir.size() - 12);
  if (dir.ends_with("/lib") && exists(ev, dir + "/default.nix") && exists(ev, dir + "/modules.nix")) {
    return NixpkgsLocation{dir.substr(0, dir.size() - 4), dir + "/default.nix", std::move(origin)};
  }
  if (exists(ev, dir + "/lib/default.nix") && exists(ev, dir + "/lib/modules.nix")) {
    return NixpkgsLocation{dir, dir + "/lib/default.nix", std::move(origin)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<NixpkgsLocation> findNixpkgs(eval::Evaluator& ev, const eval::EvalSettings& settings,
                                           const std::vector<std::string>& workspaceRoots,
                                           const std::string& configured) {
  if (!configured.empty()) {
    if (auto l = at(ev, configured, "the configured nixpkgs (" + configured + ")")) return l;
  }
  for (const eval::SearchPathEntry& e : settings.searchPath) {
    if (e.prefix == "nixpkgs") {
      if (auto l = at(ev, e.path, "<nixpkgs> on the search path")) return l;
    } else if (e.prefix.empty()) {
      if (auto l = at(ev, e.path + "/nixpkgs", "<nixpkgs> on the search path")) return l;
    }
  }
  for (const std::string& root : workspaceRoots) {
    const std::string lock = eval::canonicalPath(root + "/flake.lock");
    if (!exists(ev, lock)) continue;
    // The locked input's store path, as fetchTree computes it from the
    // lock (present locally or not).
    eval::EvalSettings s = settings;
    s.allowedRoots = {root};
    s.budget.maxSteps = 2'000'000;
    eval::Evaluation run(ev, s);
    const std::string expr =
        "let lock = builtins.fromJSON (builtins.readFile " + nixString(lock) +
        "); root = lock.nodes.${lock.root}; input = root.inputs.nixpkgs or null;"
        " name = if builtins.isList input then null else input;"
        " in if name == null then null else toString (builtins.fetchTree lock.nodes.${name}.locked).outPath";
    auto v = run.evalExpr(expr, root);
    if (!v.ok()) continue;
    auto path = run.asString(*v.value);
    if (!path.ok()) continue;
    if (auto l = at(ev, *path.value, "the nixpkgs input of " + lock)) return l;
  }
  return std::nullopt;
}

}  // namespace fw::options
