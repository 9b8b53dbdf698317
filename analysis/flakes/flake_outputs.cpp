// Output shape checks by evaluation (see flake_outputs.h). The stand-in
// inputs are Nix text of our own; their functions behave like the ones of
// nixpkgs' lib and flake-utils they stand for (same results for the
// arguments flakes give them), nothing more.

#include "analysis/flakes/flake_outputs.h"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/diagnostic_codes.h"
#include "analysis/flakes/flake_file.h"
#include "analysis/flakes/flake_schema.h"

namespace fw::flakes {

namespace {

// Invariant: names here are the attributes of the stand-ins; every other
// attribute of an input is missing, so what uses it does not evaluate.
constexpr std::string_view kStandIns = R"nix(
  defaultSystems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
  exposedSystems = defaultSystems ++ [ "armv6l-linux" "armv7l-linux" "i686-linux" "powerpc64le-linux" "riscv64-linux" "x86_64-freebsd" ];
  genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
  lib = {
    inherit genAttrs;
    systems = { flakeExposed = exposedSystems; };
    mapAttrs = builtins.mapAttrs;
    attrNames = builtins.attrNames;
    attrValues = builtins.attrValues;
    optionalAttrs = cond: set: if cond then set else { };
    optional = cond: x: if cond then [ x ] else [ ];
    optionals = cond: xs: if cond then xs else [ ];
    id = x: x;
    const = x: _: x;
    foldl' = builtins.foldl';
    filterAttrs = pred: set: builtins.listToAttrs (builtins.concatMap (n: if pred n set.${n} then [ { name = n; value = set.${n}; } ] else [ ]) (builtins.attrNames set));
  };
  eachSystem = systems: f:
    let
      per = genAttrs systems f;
      names = builtins.attrNames (builtins.listToAttrs (builtins.concatMap (s: map (n: { name = n; value = null; }) (builtins.attrNames per.${s})) systems));
    in genAttrs names (n: builtins.listToAttrs (builtins.concatMap (s: if per.${s} ? ${n} then [ { name = s; value = per.${s}.${n}; } ] else [ ]) systems));
  flakeUtils = {
    inherit defaultSystems eachSystem;
    allSystems = exposedSystems;
    eachDefaultSystem = eachSystem defaultSystems;
    system = genAttrs exposedSystems (s: s);
  };
  source = name: "/nix/store/00000000000000000000000000000000-" + name + "-source";
)nix";

bool looksLike(std::string_view input, std::string_view what, std::string_view url) {
  return input == what || url.find(what) != std::string_view::npos;
}

std::string nixString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\' || c == '$') out += '\\';
    out += c;
  }
  return out + "\"";
}

Diagnostic diag(ByteRange r, Severity sev, std::string_view code, std::string message) {
  Diagnostic d;
  d.range = r;
  d.severity = sev;
  d.code = std::string(code);
  d.message = std::move(message);
  return d;
}

const char* kindName(eval::ValueKind k) {
  switch (k) {
    case eval::ValueKind::Null: return "null";
    case eval::ValueKind::Bool: return "a Boolean";
    case eval::ValueKind::Int: return "an integer";
    case eval::ValueKind::Float: return "a float";
    case eval::ValueKind::String: return "a string";
    case eval::ValueKind::Path: return "a path";
    case eval::ValueKind::List: return "a list";
    case eval::ValueKind::Attrs: return "an attribute set";
    case eval::ValueKind::Function: return "a function";
  }
  return "a value";
}

struct Checker {
  eval::Evaluation& run;
  const std::string& path;
  const SyntaxTree& tree;
  const FlakeFile& flake;
  std::stop_token stop;
  std::vector<Diagnostic> out;
  std::set<std::string> said;  // one finding per output entry, not per system

  // Where an attribute of `set` is written, when in this flake.nix;
  // otherwise `fallback`.
  ByteRange where(const eval::ValueRef& set, const std::string& name, ByteRange fallback) {
    const std::optional<eval::Location> loc = run.definition(set, name);
    if (loc && loc->file == path) return loc->range;
    return fallback;
  }

  // The range of the top-level output `name` in the flake (its first name).
  ByteRange outputRange(const std::string& name) {
    const Node body = flake.outputsBody;
    if (body) {
      const std::string_view src = tree.text();
      // The first `name =` or `name.` in the outputs body.
      std::size_t at = body.start();
      while ((at = src.find(name, at)) != std::string_view::npos && at < body.end()) {
        const bool startOk = at == 0 || !(std::isalnum(static_cast<unsigned char>(src[at - 1])) || src[at - 1] == '-' ||
                                          src[at - 1] == '_' || src[at - 1] == '.' || src[at - 1] == '\'');
        std::size_t e = at + name.size();
        const bool endOk = e < src.size() && !(std::isalnum(static_cast<unsigned char>(src[e])) || src[e] == '-' ||
                                               src[e] == '_' || src[e] == '\'');
        if (startOk && endOk) {
          while (e < src.size() && (src[e] == ' ' || src[e] == '\t' || src[e] == '\n')) ++e;
          if (e < src.size() && (src[e] == '=' || src[e] == '.') && !(src[e] == '=' && e + 1 < src.size() && src[e + 1] == '='))
            return {static_cast<ByteOffset>(at), static_cast<ByteOffset>(at + name.size())};
        }
        at += name.size();
      }
    }
    return flake.outputsNameRange;
  }

  // A string literal "s" in the file, for system names made by genAttrs.
  std::optional<ByteRange> literal(std::string_view s) {
    const std::string quoted = "\"" + std::string(s) + "\"";
    const std::size_t at = tree.text().find(quoted);
    if (at == std::string_view::npos) return std::nullopt;
    return ByteRange{static_cast<ByteOffset>(at + 1), static_cast<ByteOffset>(at + 1 + s.size())};
  }

  void once(const std::string& key, Diagnostic d) {
    if (said.insert(key).second) out.push_back(std::move(d));
  }

  std::optional<std::vector<std::string>> names(const eval::ValueRef& v) {
    const auto k = run.kind(v);
    if (!k.ok() || *k.value != eval::ValueKind::Attrs) return std::nullopt;
    auto n = run.attrNames(v);
    if (!n.ok()) return std::nullopt;
    return *n.value;
  }

  std::optional<eval::ValueRef> attr(const eval::ValueRef& v, const std::string& name) {
    auto a = run.getAttr(v, name);
    if (!a.ok()) return std::nullopt;
    return *a.value;
  }

  // An entry that must be a derivation: reports when it evaluated to
  // something else.
  void derivation(const eval::ValueRef& set, const std::string& name, const std::string& label, ByteRange fallback) {
    const std::optional<eval::ValueRef> v = attr(set, name);
    if (!v) return;
    const auto k = run.kind(*v);
    if (!k.ok()) return;
    const ByteRange at = where(set, name, fallback);
    if (*k.value != eval::ValueKind::Attrs) {
      once(label, diag(at, Severity::Error, code::FlakeOutputType,
                       label + " is " + kindName(*k.value) + ", not a derivation"));
      return;
    }
    const auto n = run.attrNames(*v);
    if (!n.ok()) return;
    if (std::find(n.value->begin(), n.value->end(), "type") == n.value->end()) {
      once(label, diag(at, Severity::Error, code::FlakeOutputType,
                       label + " is an attribute set, not a derivation (it has no type = \"derivation\")"));
      return;
    }
    const std::optional<eval::ValueRef> t = attr(*v, "type");
    if (!t) return;
    const auto s = run.asString(*t);
    if (s.ok() && *s.value != "derivation")
      once(label, diag(at, Severity::Error, code::FlakeOutputType,
                       label + " has type = \"" + *s.value + "\", not a derivation"));
  }

  void app(const eval::ValueRef& set, const std::string& name, const std::string& label, ByteRange fallback) {
    const std::optional<eval::ValueRef> v = attr(set, name);
    if (!v) return;
    const auto k = run.kind(*v);
    if (!k.ok()) return;
    const ByteRange at = where(set, name, fallback);
    if (*k.value != eval::ValueKind::Attrs) {
      once(label, diag(at, Severity::Error, code::FlakeOutputType,
                       label + " is " + kindName(*k.value) + ", not an app ({ type = \"app\"; program = …; })"));
      return;
    }
    const auto n = run.attrNames(*v);
    if (!n.ok()) return;
    const auto has = [&](const char* a) { return std::find(n.value->begin(), n.value->end(), a) != n.value->end(); };
    if (!has("program")) {
      once(label, diag(at, Severity::Error, code::FlakeOutputType,
                       label + " has no program (the absolute path of the executable to run)"));
      return;
    }
    if (!has("type")) {
      once(label, diag(at, Severity::Error, code::FlakeOutputType, label + " needs type = \"app\""));
      return;
    }
    if (const std::optional<eval::ValueRef> t = attr(*v, "type")) {
      const auto s = run.asString(*t);
      if (s.ok() && *s.value != "app")
        once(label, diag(at, Severity::Error, code::FlakeOutputType,
                         label + " has type = \"" + *s.value + "\"; apps need type = \"app\""));
    }
  }

  void kindOf(const eval::ValueRef& set, const std::string& name, const std::string& label, ByteRange fallback,
              std::initializer_list<eval::ValueKind> allowed, const char* want) {
    const std::optional<eval::ValueRef> v = attr(set, name);
    if (!v) return;
    const auto k = run.kind(*v);
    if (!k.ok()) return;
    if (std::find(allowed.begin(), allowed.end(), *k.value) != allowed.end()) return;
    once(label, diag(where(set, name, fallback), Severity::Error, code::FlakeOutputType,
                     label + " is " + kindName(*k.value) + ", not " + want));
  }

  void perSystem(const eval::ValueRef& outputs, const std::string& output, const OutputInfo& info) {
    const std::optional<eval::ValueRef> bySystem = attr(outputs, output);
    if (!bySystem) return;
    const std::optional<std::vector<std::string>> systems = names(*bySystem);
    const ByteRange outAt = where(outputs, output, outputRange(output));
    if (!systems) {
      const auto k = run.kind(*bySystem);
      if (k.ok())
        once(output, diag(outAt, Severity::Error, code::FlakeOutputType,
                          output + " is " + kindName(*k.value) + ", not an attribute set of systems"));
      return;
    }
    for (const std::string& system : *systems) {
      if (stop.stop_requested()) return;
      if (!isKnownSystem(system)) {
        std::string best;
        std::size_t bestDist = 4;
        for (std::string_view s : knownSystems()) {
          const std::size_t d = editDistance(system, s);
          if (d < bestDist) bestDist = d, best = std::string(s);
        }
        const ByteRange at = literal(system).value_or(where(*bySystem, system, outAt));
        once("system:" + system,
             diag(at, Severity::Warning, code::FlakeUnknownSystem,
                  "'" + system + "' is not a system of any Nix platform" +
                      (best.empty() ? std::string(" (x86_64-linux, aarch64-darwin, …)") : "; did you mean '" + best + "'?")));
        continue;
      }
      const ByteRange sysAt = where(*bySystem, system, outAt);
      if (info.shape == OutputShape::PerSystemDerivation) {
        derivation(*bySystem, system, output + "." + system, sysAt);
        continue;
      }
      if (info.shape == OutputShape::PerSystemAny) continue;
      const std::optional<eval::ValueRef> set = attr(*bySystem, system);
      if (!set) continue;
      const std::optional<std::vector<std::string>> entries = names(*set);
      if (!entries) {
        const auto k = run.kind(*set);
        if (k.ok())
          once(output + ".*", diag(sysAt, Severity::Error, code::FlakeOutputType,
                                   output + "." + system + " is " + kindName(*k.value) + ", not an attribute set"));
        continue;
      }
      for (const std::string& e : *entries) {
        if (stop.stop_requested()) return;
        const std::string label = output + "." + system + "." + e;
        // One finding for all systems: keyed by output and entry.
        if (said.count(output + "/" + e)) continue;
        const std::size_t before = out.size();
        if (info.shape == OutputShape::PerSystemApps) app(*set, e, label, sysAt);
        else derivation(*set, e, label, sysAt);
        if (out.size() > before) said.insert(output + "/" + e);
      }
    }
  }

  void check(const eval::ValueRef& outputs) {
    const std::optional<std::vector<std::string>> top = names(outputs);
    if (!top) return;
    for (const std::string& name : *top) {
      if (stop.stop_requested()) return;
      const OutputInfo* info = findOutput(name);
      const ByteRange at = where(outputs, name, outputRange(name));
      if (!info) {
        once("top:" + name, diag(at, Severity::Warning, code::FlakeUnknownOutput,
                                 "unknown flake output '" + name + "' (nix flake check warns about it)"));
        continue;
      }
      if (!info->replacement.empty()) {
        once("top:" + name, diag(at, Severity::Warning, code::FlakeDeprecatedOutput,
                                 "'" + name + "' is deprecated; use " + std::string(info->replacement)));
      }
      switch (info->shape) {
        case OutputShape::PerSystemDerivations:
        case OutputShape::PerSystemDerivation:
        case OutputShape::PerSystemApps:
        case OutputShape::PerSystemAny: perSystem(outputs, name, *info); break;
        case OutputShape::Overlays:
        case OutputShape::Modules: {
          const std::optional<eval::ValueRef> set = attr(outputs, name);
          if (!set) break;
          const std::optional<std::vector<std::string>> entries = names(*set);
          if (!entries) break;
          for (const std::string& e : *entries) {
            if (info->shape == OutputShape::Overlays)
              kindOf(*set, e, name + "." + e, at, {eval::ValueKind::Function}, "an overlay (final: prev: { … })");
            else
              kindOf(*set, e, name + "." + e, at,
                     {eval::ValueKind::Function, eval::ValueKind::Attrs, eval::ValueKind::Path}, "a module");
          }
          break;
        }
        case OutputShape::Overlay:
          kindOf(outputs, name, name, at, {eval::ValueKind::Function}, "an overlay (final: prev: { … })");
          break;
        case OutputShape::Module:
          kindOf(outputs, name, name, at, {eval::ValueKind::Function, eval::ValueKind::Attrs, eval::ValueKind::Path},
                 "a module");
          break;
        default: break;
      }
    }
  }
};

}  // namespace

std::vector<Diagnostic> flakeOutputDiagnostics(eval::Evaluator& evaluator, const std::string& path,
                                               const SyntaxTree& tree, const OutputCheckConfig& config,
                                               std::stop_token stop) {
  const FlakeFile flake = readFlake(tree);
  if (!flake.isAttrset || !flake.outputsFunction || tree.root().hasError()) return {};
  // Every input by name, with its URL (to recognise nixpkgs and flake-utils
  // under other names), and every argument of outputs.
  std::map<std::string, std::string> inputs;
  for (const FlakeInputDecl& in : flake.inputs) inputs[in.name] = in.url.value_or("");
  for (const FlakeFormal& f : flake.formals)
    if (f.name != "self") inputs.emplace(f.name, "");
  std::string e = "let\n";
  e += kStandIns;
  e += "  flake = import (/. + " + nixString(path) + ");\n";
  e += "  inputs = {\n";
  for (const auto& [name, url] : inputs) {
    std::string value;
    // nixpkgs under any name (`nixpkgs`, `nixpkgs-unstable`, `pkgs` with
    // a NixOS/nixpkgs URL, the indirect `nixpkgs`).
    const bool nixpkgs = name.find("nixpkgs") != std::string::npos || url.find("NixOS/nixpkgs") != std::string::npos ||
                         url.find("nixos/nixpkgs") != std::string::npos || url == "nixpkgs" ||
                         url.starts_with("nixpkgs/");
    if (nixpkgs)
      value = "{ inherit lib; outPath = source \"nixpkgs\"; }";
    else if (looksLike(name, "flake-utils", url))
      value = "{ lib = flakeUtils; outPath = source \"flake-utils\"; }";
    else
      value = "{ outPath = source " + nixString(name) + "; }";
    e += "    " + nixString(name) + " = " + value + ";\n";
  }
  e += "  };\n";
  e += "  self = outputs // { outPath = builtins.dirOf (/. + " + nixString(path) + "); inherit inputs; };\n";
  e += "  outputs = flake.outputs (inputs // { inherit self; });\n";
  e += "in outputs\n";

  eval::EvalSettings settings = config.settings;
  // Runs on every diagnostics pass of flake.nix: bounded in steps and in
  // memory, whatever the caller's budget.
  if (settings.budget.maxSteps == 0 || settings.budget.maxSteps > 5'000'000) settings.budget.maxSteps = 5'000'000;
  settings.budget.maxMemory = std::min<std::size_t>(settings.budget.maxMemory, std::size_t{512} << 20);
  eval::Evaluation run(evaluator, settings, stop);
  const std::string dir = path.substr(0, path.find_last_of('/') + 1);
  auto outputs = run.evalExpr(e, dir.empty() ? "/" : dir, "«flake outputs»");
  if (!outputs.ok()) return {};
  Checker c{run, path, tree, flake, stop, {}, {}};
  // All the checker's calls on one large-stack thread (nested API calls
  // run in place): one thread instead of one per call.
  (void)run.run<bool>([&] {
    c.check(*outputs.value);
    return true;
  });
  std::stable_sort(c.out.begin(), c.out.end(),
                   [](const Diagnostic& x, const Diagnostic& y) { return x.range.start < y.range.start; });
  return std::move(c.out);
}

}  // namespace fw::flakes
