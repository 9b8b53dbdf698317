#include "analysis/options/extract.h"

#include <algorithm>
#include <deque>
#include <map>
#include <regex>
#include <unordered_set>

#include "analysis/eval/compile.h"
#include "analysis/options/builtin_files.h"
#include "analysis/options/render.h"

namespace fw::options {

using namespace fw::eval;

namespace {

// One module to load: a file (value unset) or a module value (inline in a
// file, or one of a submodule type's modules).
struct Work {
  std::string file;  // the file, or the file an inline module belongs to
  std::optional<Value> value;
  std::string key;  // dedup key; files: their path
  std::vector<std::string> prefix;
  bool submodule = false;
  unsigned depth = 0;
};

class Walker {
 public:
  Walker(Evaluation& run, const ExtractConfig& cfg) : run_(run), st_(run.state()), cfg_(cfg) {
    if (!cfg.lib.empty()) {
      libDir_ = canonicalPath(cfg.lib);
      if (libDir_.ends_with("/default.nix")) libDir_.resize(libDir_.size() - 12);
      libDir_ += "/";
    }
  }

  std::vector<Option> options;
  std::vector<ModuleFailure> failures;
  std::vector<std::vector<std::string>> freeform;
  std::vector<std::string> moduleFiles;
  std::size_t modules = 0;

  void start(std::vector<Work> roots) {
    Value libV;
    const std::string lib = cfg_.lib.empty() ? std::string(kBuiltinLib) : cfg_.lib;
    st_.importFile(canonicalPath(lib), libV, nullptr);
    Value driverFn;
    st_.importFile(std::string(kDriver), driverFn, nullptr);
    std::vector<std::pair<Symbol, Value>> args = {{sym("lib"), libV}};
    if (!cfg_.modulesPath.empty()) args.push_back({sym("modulesPath"), st_.newString(cfg_.modulesPath, Type::Path)});
    driver_ = st_.call1(driverFn, st_.makeAttrs(std::move(args)), nullptr);
    st_.force(driver_);
    load_ = attr(driver_, "load");
    for (Work& w : roots) queue_.push_back(std::move(w));
  }

  // Processes the queue; returns normally when done. Cancellation and
  // running out of memory propagate.
  void drain() {
    while (!queue_.empty()) {
      Work w = std::move(queue_.front());
      queue_.pop_front();
      const std::string visitKey = w.key + "\x1f" + showOption(w.prefix);
      if (!visited_.insert(visitKey).second) continue;
      if (modules >= cfg_.maxModules) {
        failures.push_back({w.file, "too many modules (more than " + std::to_string(cfg_.maxModules) + "); the rest were skipped", {}});
        return;
      }
      ++modules;
      st_.fenceSteps(cfg_.stepsPerModule);
      guarded(w.file, "", [&] { module(w); });
      st_.fenceSteps(0);
    }
  }

 private:
  Symbol sym(std::string_view name) { return st_.rt.symbols.intern(name); }

  Value attr(const Value& set, std::string_view name) {
    const Attr* a = findAttr(st_, set, name);
    if (!a) st_.fail(ErrorKind::MissingAttribute, "attribute '" + std::string(name) + "' missing", nullptr);
    Value v = a->value;
    st_.force(v);
    return v;
  }

  // Runs fn; an evaluation error becomes a failure of `file` (with
  // `context` in front of the message), except cancellation and memory
  // exhaustion, which end the whole extraction.
  template <typename Fn>
  bool guarded(const std::string& file, const std::string& context, Fn&& fn) {
    try {
      fn();
      return true;
    } catch (const EvalError& e) {
      if (e.kind() == ErrorKind::Cancelled) throw;
      if (e.kind() == ErrorKind::Limit && e.message().find("MiB of memory") != std::string::npos) throw;
      const EvalFailure f = run_.failure(e);
      ModuleFailure mf{file, context.empty() ? f.message : context + ": " + f.message, std::nullopt};
      if (f.where) mf.where = SourcePos{f.where->file, f.where->range, f.where->line, f.where->column};
      failures.push_back(std::move(mf));
      return false;
    }
  }

  void module(const Work& w) {
    const Value moduleValue = w.value ? *w.value : st_.newString(w.file, Type::Path);
    std::vector<std::pair<Symbol, Value>> args = {{sym("module"), moduleValue}, {sym("file"), st_.newString(w.file)}};
    if (w.submodule) args.push_back({sym("name"), st_.newString("‹name›")});
    Value loaded = st_.call1(load_, st_.makeAttrs(std::move(args)), nullptr);
    st_.force(loaded);
    const std::string file = stringAttr(st_, loaded, "file").value_or(w.file);
    std::string key = w.key;
    if (auto k = stringAttr(st_, loaded, "key")) key = *k;
    if (!w.value && std::find(moduleFiles.begin(), moduleFiles.end(), w.file) == moduleFiles.end())
      moduleFiles.push_back(w.file);

    // imports: files and inline modules, each queued.
    guarded(file, "imports", [&] {
      Value imports = attr(loaded, "imports");
      std::vector<Value> items;
      flattenImports(imports, items, 0);
      std::size_t index = 0;
      for (Value& item : items) {
        ++index;
        guarded(file, "imports", [&] { importItem(item, file, key, index, w); });
      }
    });

    guarded(file, "options", [&] {
      Value opts = attr(loaded, "options");
      declarations(opts, w.prefix, file, std::nullopt, w.depth);
    });

    if (w.submodule) {
      guarded(file, "freeformType", [&] {
        Value ff = attr(loaded, "freeformType");
        if (ff.type != Type::Null) freeform.push_back(w.prefix);
      });
    }
  }

  void flattenImports(Value v, std::vector<Value>& out, unsigned depth) {
    st_.force(v);
    if (v.type == Type::List && depth < 8) {
      for (Value& e : *v.list) flattenImports(e, out, depth + 1);
      return;
    }
    if (v.type == Type::List) st_.fail(ErrorKind::Type, "imports nested too deeply", nullptr);
    out.push_back(v);
  }

  void importItem(Value item, const std::string& file, const std::string& key, std::size_t index, const Work& parent) {
    st_.force(item);
    Work w;
    w.prefix = parent.prefix;
    w.submodule = parent.submodule;
    w.depth = parent.depth;
    if (item.type == Type::Path || (item.type == Type::String && item.str().starts_with("/"))) {
      std::string path = canonicalPath(item.str());
      if (st_.files.fs().kind(path) == FileKind::Directory) path += "/default.nix";
      if (path.starts_with(std::string(kBuiltinRoot) + "/")) return;  // modulesPath placeholder
      w.file = path;
      w.key = path;
    } else if (item.type == Type::Attrs || item.isFunction()) {
      w.file = file;
      w.value = item;
      w.key = key + ":anon-" + std::to_string(index);
    } else if (item.type == Type::String) {
      st_.fail(ErrorKind::Type, "import '" + std::string(item.str()) + "' is not an absolute path", nullptr);
    } else {
      st_.typeError(item, "a module (a path, a set or a function)", nullptr);
    }
    queue_.push_back(std::move(w));
  }

  // `v` is an `options` set (or part of one) at `loc`.
  void declarations(Value v, const std::vector<std::string>& loc, const std::string& file,
                    std::optional<SourcePos> pos, unsigned depth) {
    st_.force(v);
    if (loc.size() > 64) st_.fail(ErrorKind::Limit, "option path too long", nullptr);
    if (v.type != Type::Attrs) {
      st_.fail(ErrorKind::Type,
               "`options" + (loc.empty() ? std::string() : "." + showOption(loc)) + "' is " + showValueType(v) +
                   ", not an option or a set of options",
               nullptr);
    }
    if (auto type = stringAttr(st_, v, "_type")) {
      if (*type == "option") {
        option(v, loc, file, pos, depth);
        return;
      }
      st_.fail(ErrorKind::Type,
               "`options." + showOption(loc) + "' is a `" + *type + "' value; declarations cannot be conditional",
               nullptr);
    }
    // Children in name order (the documentation's order).
    std::vector<std::pair<std::string, const Attr*>> entries;
    for (const Attr& a : *v.attrs) entries.emplace_back(std::string(st_.rt.symbols.name(a.name)), &a);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& entry : entries) {
      const std::string& name = entry.first;
      const Attr* a = entry.second;
      std::vector<std::string> child = loc;
      child.push_back(name);
      std::optional<SourcePos> childPos = positionOf(a->pos);
      if (!childPos && pos) {
        // Made by a function (genAttrs, listToAttrs): the file and the
        // place of the nearest named set, without a line of its own.
        childPos = *pos;
        childPos->line = childPos->column = 0;
      }
      guarded(file, "options." + showOption(child), [&] { declarations(a->value, child, file, childPos, depth); });
    }
  }

  std::optional<SourcePos> positionOf(std::uint32_t id) {
    if (!id) return std::nullopt;
    const PositionTable::Entry e = st_.position(id);
    auto loc = run_.locate(e.file, e.range);
    // A place inside the lib (a name made by genAttrs) is not a
    // declaration of the module's (nixpkgs' documentation shows the
    // module's file there too).
    if (!loc || loc->file.starts_with(std::string(kBuiltinRoot) + "/")) return std::nullopt;
    if (!libDir_.empty() && loc->file.starts_with(libDir_)) return std::nullopt;
    return SourcePos{loc->file, loc->range, loc->line, loc->column};
  }

  void option(Value opt, const std::vector<std::string>& loc, const std::string& file, std::optional<SourcePos> pos,
              unsigned depth) {
    if (options.size() >= cfg_.maxOptions) {
      st_.fail(ErrorKind::Limit, "too many options (more than " + std::to_string(cfg_.maxOptions) + ")", nullptr);
    }
    Option o;
    o.loc = loc;
    o.declaringFiles.push_back(file);
    o.declarations.push_back(pos ? *pos : SourcePos{file, {0, 0}, 0, 0});
    const std::string where = "option `" + showOption(loc) + "'";
    Value typeValue;
    bool hasType = false;
    guarded(file, where + ", its type", [&] {
      if (findAttr(st_, opt, "type")) {
        typeValue = attr(opt, "type");
        hasType = typeValue.type != Type::Null;
      }
      if (hasType) {
        o.type = readType(typeValue, 0);
      } else {
        o.type.name = "unspecified";
        o.type.description = "unspecified value";
      }
    });
    guarded(file, where + ", its description", [&] {
      if (!findAttr(st_, opt, "description")) return;
      Value d = attr(opt, "description");
      if (d.type == Type::String) o.description = std::string(d.str());
      else if (d.type == Type::Attrs) o.description = stringAttr(st_, d, "text");
    });
    const bool hasDefaultText = findAttr(st_, opt, "defaultText") != nullptr;
    if (hasDefaultText || findAttr(st_, opt, "default")) {
      const std::string which = hasDefaultText ? "defaultText" : "default";
      if (!guarded(file, where + ", its " + which, [&] {
            o.defaultValue = renderOptionValue(st_, attr(opt, which));
          }))
        o.defaultValue = Literal{Literal::Kind::Expression, "«" + which + " not evaluated: " + failures.back().message + "»"};
    }
    if (findAttr(st_, opt, "example")) {
      if (!guarded(file, where + ", its example", [&] { o.example = renderOptionValue(st_, attr(opt, "example")); }))
        o.example = Literal{Literal::Kind::Expression, "«example not evaluated: " + failures.back().message + "»"};
    }
    guarded(file, where, [&] {
      auto flag = [&](std::string_view name) {
        if (!findAttr(st_, opt, name)) return false;
        Value b = attr(opt, name);
        return b.type == Type::Bool && b.b;
      };
      o.readOnly = flag("readOnly");
      o.internal = flag("internal");
      if (findAttr(st_, opt, "visible")) {
        Value vis = attr(opt, "visible");
        if (vis.type == Type::Bool && !vis.b) o.visible = Visibility::Hidden;
        if (vis.type == Type::String && vis.str() == "shallow") o.visible = Visibility::Shallow;
      }
    });
    // mkRenamedOptionModule / mkAliasOptionModule: "Alias of {option}`to`."
    if (o.description && o.description->starts_with("Alias of {option}`") && o.description->ends_with("`.")) {
      const std::string to = o.description->substr(18, o.description->size() - 20);
      o.aliasOf = parseOptionPath(to);
      o.renamed = o.visible == Visibility::Hidden;
    }
    // mkRemovedOptionModule: an invisible option whose apply throws.
    if (o.visible == Visibility::Hidden && !o.description && !hasType && findAttr(st_, opt, "apply")) {
      try {
        Value r = st_.call1(attr(opt, "apply"), Value::null(), nullptr);
        st_.force(r);
      } catch (const EvalError& e) {
        if (e.kind() == ErrorKind::Cancelled) throw;
        if (e.message().find("can no longer be used since it's been removed") != std::string::npos)
          o.removedMessage = e.message();
      }
    }
    options.push_back(std::move(o));
    if (hasType && depth < cfg_.maxSubmoduleDepth) {
      guarded(file, where + ", its sub-options", [&] { subModules(typeValue, loc, file, depth + 1, 0); });
    }
  }

  OptionType readType(Value t, unsigned depth) {
    OptionType out;
    st_.force(t);
    if (auto text = placeholderText(st_, t)) {
      out.known = false;
      out.name = *text;
      return out;
    }
    if (t.type != Type::Attrs || stringAttr(st_, t, "_type") != "option-type") {
      out.known = false;
      out.name = showValueType(t);
      return out;
    }
    out.name = stringAttr(st_, t, "name").value_or("");
    try {
      out.description = stringAttr(st_, t, "description").value_or(out.name);
    } catch (const EvalError& e) {
      if (e.kind() == ErrorKind::Cancelled) throw;
      out.description = out.name;
    }
    static const std::regex between(R"(between (-?[0-9]+) and (-?[0-9]+) \(both inclusive\))");
    std::smatch m;
    if (std::regex_search(out.description, m, between) && out.name != "numberBetween") {
      out.min = std::stoll(m[1].str());
      out.max = std::stoll(m[2].str());
    }
    if (out.name == "positiveInt") out.min = 1;
    if (out.name == "unsignedInt") out.min = 0;
    if (out.name.starts_with("strMatching ") && out.description.starts_with("string matching the pattern "))
      out.pattern = out.description.substr(28);
    if (out.name == "enum") {
      try {
        Value functor = attr(t, "functor");
        Value payload = attr(functor, "payload");
        if (payload.type == Type::List) {
          for (Value& e : *payload.list) {
            st_.force(e);
            if (e.type == Type::String) out.enumValues.push_back({EnumValue::Kind::String, std::string(e.str())});
            else if (e.type == Type::Int) out.enumValues.push_back({EnumValue::Kind::Int, std::to_string(e.i)});
            else if (e.type == Type::Bool) out.enumValues.push_back({EnumValue::Kind::Bool, e.b ? "true" : "false"});
            else out.enumValues.push_back({EnumValue::Kind::Other, std::string("<") + typeOfName(e.type) + ">"});
          }
        }
      } catch (const EvalError& e) {
        if (e.kind() == ErrorKind::Cancelled) throw;
      }
    }
    if (depth < 6 && out.name != "submodule") {
      try {
        if (const Attr* nt = findAttr(st_, t, "nestedTypes")) {
          Value nested = nt->value;
          st_.force(nested);
          if (nested.type == Type::Attrs) {
            for (const char* role : {"elemType", "left", "right", "finalType", "coercedType"}) {
              if (const Attr* r = findAttr(st_, nested, role)) out.nested.emplace_back(role, readType(r->value, depth + 1));
            }
          }
        }
      } catch (const EvalError& e) {
        if (e.kind() == ErrorKind::Cancelled) throw;
      }
    }
    return out;
  }

  // The submodules of type `t` at `loc`, with nixpkgs' sub-option paths.
  void subModules(Value t, const std::vector<std::string>& loc, const std::string& file, unsigned depth, unsigned hops) {
    st_.force(t);
    if (t.type != Type::Attrs || hops > 8 || placeholderText(st_, t)) return;
    const std::string name = stringAttr(st_, t, "name").value_or("");
    auto nested = [&](std::string_view role) -> std::optional<Value> {
      const Attr* nt = findAttr(st_, t, "nestedTypes");
      if (!nt) return std::nullopt;
      Value n = nt->value;
      st_.force(n);
      const Attr* r = findAttr(st_, n, role);
      if (!r) return std::nullopt;
      return r->value;
    };
    auto follow = [&](std::string_view role, std::optional<std::string> suffix) {
      if (auto e = nested(role)) {
        std::vector<std::string> sub = loc;
        if (suffix) sub.push_back(*suffix);
        subModules(*e, sub, file, depth, hops + 1);
      }
    };
    if (name == "attrsOf" || name == "lazyAttrsOf" || name == "loaOf") return follow("elemType", "<name>");
    if (name == "listOf") return follow("elemType", "*");
    if (name == "functionTo") return follow("elemType", "<function body>");
    if (name == "nullOr" || name == "unique") return follow("elemType", std::nullopt);
    if (name == "coercedTo") return follow("finalType", std::nullopt);
    if (name != "submodule" && name != "deferredModule") return;
    Value modulesV = attr(t, "getSubModules");
    if (modulesV.type != Type::List) return;
    std::size_t index = 0;
    for (Value& m : *modulesV.list) {
      ++index;
      Work w;
      w.prefix = loc;
      w.submodule = true;
      w.depth = depth;
      st_.force(m);
      if (m.type == Type::Path || (m.type == Type::String && m.str().starts_with("/"))) {
        w.file = canonicalPath(m.str());
        w.key = w.file;
      } else {
        w.file = file;
        w.value = m;
        w.key = file + ":" + showOption(loc) + ":sub-" + std::to_string(index) + ":" + std::to_string(++submoduleSerial_);
      }
      queue_.push_back(std::move(w));
    }
  }

  Evaluation& run_;
  EvalState& st_;
  const ExtractConfig& cfg_;
  Value driver_;
  Value load_;
  std::deque<Work> queue_;
  std::unordered_set<std::string> visited_;
  std::size_t submoduleSerial_ = 0;
  std::string libDir_;  // a nixpkgs lib's directory, with a trailing slash
};

}  // namespace

namespace {

// mkAliasOptionModule and mkRenamedOptionModule give the alias the type of
// its target, `options.<to>.type`, which the placeholder `options` leaves
// unknown: take it from the target option, or, when the target is a set
// of options, nixpkgs' fallback `submodule { }`.
void resolveAliasTypes(std::vector<Option>& options) {
  std::map<std::vector<std::string>, const Option*> byLoc;
  for (const Option& o : options) byLoc.emplace(o.loc, &o);
  for (Option& o : options) {
    if (!o.aliasOf || o.type.known || !o.type.name.starts_with("options.")) continue;
    if (auto it = byLoc.find(*o.aliasOf); it != byLoc.end()) {
      if (it->second->type.known) o.type = it->second->type;
      continue;
    }
    const bool isNamespace = std::any_of(options.begin(), options.end(), [&](const Option& other) {
      return other.loc.size() > o.aliasOf->size() && std::equal(o.aliasOf->begin(), o.aliasOf->end(), other.loc.begin());
    });
    if (isNamespace) {
      o.type = OptionType{};
      o.type.name = "submodule";
      o.type.description = "submodule";
    }
  }
}

}  // namespace

bool isExternalImportFailure(const ModuleFailure& f) {
  return f.message.find("is forbidden: it is outside the workspace") != std::string::npos ||
         f.message.find(std::string(kBuiltinRoot)) != std::string::npos ||
         // An inline module importing through an argument of the function
         // around it (`imports = [ self.nixosModules.x ]` in a flake,
         // `module` in a NixOS test): only a real call could tell.
         (f.message.starts_with("imports: ") && f.message.find("is not known here (the function is not being called)") != std::string::npos);
}

OptionTreePtr extractOptions(Evaluator& ev, const std::vector<ModuleRoot>& roots, const ExtractConfig& cfg,
                             std::stop_token stop, ExtractStats* stats) {
  EvalSettings settings = cfg.eval;
  settings.allowedRoots.push_back(std::string(kBuiltinRoot));
  if (!cfg.lib.empty()) {
    // The lib's directory (and nixpkgs around it) must be readable.
    std::string dir = canonicalPath(cfg.lib);
    if (dir.ends_with("/default.nix")) dir.resize(dir.size() - 12);
    const std::size_t slash = dir.rfind('/');
    settings.allowedRoots.push_back(slash == std::string::npos || slash == 0 ? dir : dir.substr(0, slash));
  }
  Evaluation run(ev, settings, stop);
  Walker walker(run, cfg);
  std::vector<ModuleFailure> rootFailures;
  std::vector<Work> work;
  for (const ModuleRoot& r : roots) {
    Work w;
    w.file = canonicalPath(r.file);
    w.key = w.file;
    if (r.range) {
      auto v = run.evalAt(w.file, *r.range);
      if (!v.ok()) {
        ModuleFailure f{w.file, v.error->message, std::nullopt};
        if (v.error->where) f.where = SourcePos{v.error->where->file, v.error->where->range, v.error->where->line, v.error->where->column};
        rootFailures.push_back(std::move(f));
        continue;
      }
      w.value = v.value->value;
      w.key = w.file + ":" + std::to_string(r.range->start);
    }
    work.push_back(std::move(w));
  }
  auto result = run.run<bool>([&] {
    walker.start(std::move(work));
    walker.drain();
    return true;
  });
  std::vector<ModuleFailure> failures = std::move(rootFailures);
  failures.insert(failures.end(), walker.failures.begin(), walker.failures.end());
  if (!result.ok() && result.error->kind != ErrorKind::Cancelled) {
    failures.push_back({"", "option extraction stopped: " + result.error->message, std::nullopt});
  }
  if (stats) {
    stats->modules = walker.modules;
    stats->steps = run.steps();
  }
  resolveAliasTypes(walker.options);
  auto tree = std::make_shared<OptionTree>(std::move(walker.options), std::move(failures), std::move(walker.freeform));
  tree->modules = std::move(walker.moduleFiles);
  return tree;
}

}  // namespace fw::options
