// `flakewise options`: prints the option tree declared by the modules under
// the given paths (text or JSON), evaluated with flakewise's evaluator.

#include "server/options_command.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analysis/eval/compile.h"
#include "analysis/options/builtin_files.h"
#include "analysis/options/discover.h"
#include "analysis/options/extract.h"
#include "server/eval_files.h"
#include "server/files.h"
#include "server/options_json.h"

namespace fw::server {

namespace fs = std::filesystem;

namespace {

const char* kOptionsHelp =
    "usage: flakewise options [--format text|json] [--lib DIR] [-I NAME=PATH] PATH...\n"
    "\n"
    "Prints the NixOS options declared by the modules under PATH (a flake, a\n"
    "directory or files): path, type, default, example, description and where\n"
    "each is declared, sorted by path. Modules are found by their shape and\n"
    "through `imports`, and evaluated with flakewise's own evaluator.\n"
    "\n"
    "options:\n"
    "  --format text|json  text (default), or a JSON array of objects\n"
    "  --lib DIR           evaluate with this nixpkgs (or its lib/) instead of\n"
    "                      <nixpkgs>, the flake.lock input or the built-in lib\n"
    "  --builtin-lib       always use flakewise's built-in lib\n"
    "  -I NAME=PATH        add to the search path (before NIX_PATH)\n"
    "  --show-hidden       also print options declared invisible or internal\n"
    "\n"
    "Modules that fail to evaluate are reported on stderr with the reason; the\n"
    "options of the others are printed. Exit codes: 0 all modules evaluated,\n"
    "1 some failed, 2 bad usage or unreadable paths.\n";

std::string absolute(const std::string& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  return eval::canonicalPath(ec ? p : a.string());
}

std::string shown(const std::string& file, const std::string& cwd) {
  if (file.size() > cwd.size() && file.compare(0, cwd.size(), cwd) == 0 && file[cwd.size()] == '/')
    return file.substr(cwd.size() + 1);
  return file;
}

void addSearchPath(std::vector<eval::SearchPathEntry>& out, const std::string& entry) {
  const std::size_t eq = entry.find('=');
  if (eq == std::string::npos) out.push_back({"", absolute(entry)});
  else out.push_back({entry.substr(0, eq), absolute(entry.substr(eq + 1))});
}

}  // namespace

int runOptions(const std::vector<std::string>& args) {
  std::string format = "text";
  std::string lib;
  bool builtinLib = false, showHidden = false;
  std::vector<std::string> paths;
  std::vector<eval::SearchPathEntry> includes;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* {
      if (i + 1 >= args.size()) {
        std::cerr << "flakewise options: " << a << " needs a value\n";
        return nullptr;
      }
      return &args[++i];
    };
    if (a == "--help" || a == "-h") {
      std::cout << kOptionsHelp;
      return 0;
    } else if (a == "--format") {
      const std::string* v = value();
      if (!v) return 2;
      if (*v != "text" && *v != "json") {
        std::cerr << "flakewise options: --format must be text or json\n";
        return 2;
      }
      format = *v;
    } else if (a == "--lib") {
      const std::string* v = value();
      if (!v) return 2;
      lib = absolute(*v);
    } else if (a == "--builtin-lib") {
      builtinLib = true;
    } else if (a == "--show-hidden") {
      showHidden = true;
    } else if (a == "-I") {
      const std::string* v = value();
      if (!v) return 2;
      addSearchPath(includes, *v);
    } else if (a.starts_with("-") && a != "-") {
      std::cerr << "flakewise options: unknown option " << a << " (see --help)\n";
      return 2;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) {
    std::cerr << "flakewise options: give a flake, a directory or module files (see --help)\n";
    return 2;
  }
  const std::string cwd = absolute(".");
  eval::EvalSettings settings;
  settings.tolerant = true;
  settings.searchPath = includes;
  if (const char* np = std::getenv("NIX_PATH")) {
    std::string rest = np;
    std::size_t start = 0;
    while (start <= rest.size()) {
      const std::size_t colon = rest.find(':', start);
      const std::string entry = rest.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      if (!entry.empty() && entry.find("://") == std::string::npos) addSearchPath(settings.searchPath, entry);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  std::vector<std::string> roots;
  for (const std::string& p : paths) {
    std::error_code ec;
    const std::string abs = absolute(p);
    roots.push_back(fs::is_directory(abs, ec) ? abs : fs::path(abs).parent_path().string());
  }
  settings.allowedRoots = roots;
  for (const auto& e : settings.searchPath) settings.allowedRoots.push_back(e.path);

  FileListing listing = collectNixFiles(paths);
  for (const std::string& e : listing.errors) std::cerr << "flakewise options: " << e << '\n';
  auto ev = std::make_shared<eval::Evaluator>(options::withBuiltinFiles(std::make_shared<DiskFileSystem>()));

  options::ExtractConfig cfg;
  cfg.eval = settings;
  if (!builtinLib) {
    if (auto found = options::findNixpkgs(*ev, settings, roots, lib)) {
      cfg.lib = found->lib;
      cfg.modulesPath = found->nixpkgs + "/nixos/modules";
      cfg.eval.allowedRoots.push_back(found->nixpkgs);
      std::cerr << "flakewise options: evaluating with the nixpkgs lib of " << found->origin << '\n';
    } else if (!lib.empty()) {
      std::cerr << "flakewise options: " << lib << " is not a nixpkgs directory (no lib/modules.nix)\n";
      return 2;
    }
  }

  std::vector<options::ModuleRoot> moduleRoots;
  for (const fs::path& f : listing.files) {
    std::string err;
    auto text = readFile(f, err);
    if (!text) {
      std::cerr << "flakewise options: " << err << '\n';
      continue;
    }
    const std::string path = absolute(f.string());
    for (auto& r : options::moduleRootsOf(path, *SyntaxTree::parse(std::move(*text)))) moduleRoots.push_back(std::move(r));
  }
  const options::OptionTreePtr tree = options::extractOptions(*ev, moduleRoots, cfg);

  int failed = 0;
  for (const options::ModuleFailure& f : tree->failures()) {
    if (options::isExternalImportFailure(f)) {
      std::cerr << "flakewise options: note: " << (f.file.empty() ? "" : shown(f.file, cwd) + ": ") << f.message << '\n';
      continue;
    }
    ++failed;
    std::cerr << "flakewise options: " << (f.file.empty() ? std::string("error") : shown(f.file, cwd)) << ": ";
    if (f.where) std::cerr << "(at " << shown(f.where->file, cwd) << ':' << f.where->line << ':' << f.where->column << ") ";
    std::cerr << f.message << '\n';
  }
  std::vector<const options::Option*> shownOptions;
  for (const options::Option& o : tree->options()) {
    if (!showHidden && (o.visible == options::Visibility::Hidden || o.internal)) continue;
    shownOptions.push_back(&o);
  }
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const options::Option* o : shownOptions) out.push_back(optionToJson(*o, [&](const std::string& f) { return shown(f, cwd); }));
    std::cout << out.dump(2) << '\n';
  } else {
    for (const options::Option* o : shownOptions) {
      std::cout << o->path() << '\n';
      std::cout << "  type: " << (o->type.known ? o->type.description : "unknown (" + o->type.name + ")") << '\n';
      if (o->defaultValue) std::cout << "  default: " << indentLines(o->defaultValue->text, "    ") << '\n';
      if (o->example) std::cout << "  example: " << indentLines(o->example->text, "    ") << '\n';
      if (o->description) std::cout << "  description: " << indentLines(*o->description, "    ") << '\n';
      if (o->readOnly) std::cout << "  read-only\n";
      if (o->aliasOf) std::cout << "  " << (o->renamed ? "renamed to: " : "alias of: ") << options::showOption(*o->aliasOf) << '\n';
      if (o->removedMessage) std::cout << "  removed: " << *o->removedMessage << '\n';
      for (const options::SourcePos& d : o->declarations)
        std::cout << "  declared in: " << shown(d.file, cwd) << ':' << d.line << ':' << d.column << '\n';
      std::cout << '\n';
    }
    std::cout << shownOptions.size() << " options from " << tree->modules.size() << " module files";
    if (failed) std::cout << "; " << failed << " problems (see above)";
    std::cout << '\n';
  }
  return failed ? 1 : 0;
}

}  // namespace fw::server
