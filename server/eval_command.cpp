// `flakewise eval`: evaluates a file or an expression and prints the value
// the way `nix-instantiate --eval [--strict] [--json]` does.

#include "server/eval_command.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "analysis/eval/compile.h"
#include "analysis/eval/evaluator.h"
#include "analysis/eval/print.h"
#include "server/eval_files.h"

namespace fw::server {

namespace fs = std::filesystem;
using namespace fw::eval;

namespace {

const char* kEvalHelp =
    "usage: flakewise eval [options] (FILE | --expr EXPR)\n"
    "\n"
    "Evaluates a Nix file or expression with flakewise's own evaluator and prints\n"
    "the value like `nix-instantiate --eval`.\n"
    "\n"
    "options:\n"
    "  --strict               evaluate the whole value, not just its top level\n"
    "  --json                 print JSON\n"
    "  --show-trace           print what was being evaluated when an error happened\n"
    "  --expr EXPR, -E EXPR   evaluate EXPR instead of a file\n"
    "  -A PATH, --attr PATH   print the attribute at PATH (a.b.0.c) of the value\n"
    "  -I NAME=PATH, -I PATH  add to the search path for <NAME> (before NIX_PATH)\n"
    "  --arg NAME EXPR        call a top-level function with NAME = EXPR\n"
    "  --argstr NAME STRING   call a top-level function with NAME = STRING\n"
    "  --allow DIR            also allow reading files under DIR\n"
    "  --max-steps N          stop after N evaluation steps\n"
    "  --max-memory-mb N      stop when the evaluation uses more than N MiB\n"
    "  --system SYSTEM        builtins.currentSystem (default x86_64-linux)\n"
    "\n"
    "Files are read only under the current directory, the file's directory, the\n"
    "search path and --allow directories. Nothing is fetched or built.\n"
    "Exit codes: 0 success, 1 evaluation error, 2 bad usage.\n";

std::string absolute(const std::string& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  return canonicalPath(ec ? p : a.string());
}

void addSearchPath(std::vector<SearchPathEntry>& out, const std::string& entry) {
  const std::size_t eq = entry.find('=');
  if (eq == std::string::npos) {
    out.push_back({"", absolute(entry)});
  } else {
    out.push_back({entry.substr(0, eq), absolute(entry.substr(eq + 1))});
  }
}

// "error: message\n\n       at file:line:col:\n\n   snippet" as Nix prints it.
std::string formatError(const EvalFailure& f, const std::string& exprText, bool showTrace) {
  std::ostringstream out;
  // Continuation lines of a multi-line message are indented like Nix's.
  std::string indented;
  for (char c : f.message) {
    indented += c;
    if (c == '\n') indented += "       ";
  }
  out << "error: " << indented << '\n';
  if (f.where) {
    const Location& w = *f.where;
    out << "\n       at " << w.file << ':' << w.line << ':' << w.column << ":\n";
    std::string text;
    if (w.file == "«string»") {
      text = exprText;
    } else if (!w.file.empty() && w.file[0] == '/') {
      DiskFileSystem disk;
      std::string err;
      if (auto t = disk.read(w.file, std::size_t{64} << 20, err)) text = std::move(*t);
    }
    if (!text.empty()) {
      std::vector<std::string> lines;
      std::istringstream in(text);
      for (std::string l; std::getline(in, l);) lines.push_back(l);
      if (w.line >= 1 && w.line <= lines.size()) {
        // Line numbers end in column 13, as Nix prints them.
        auto gutter = [](const std::string& label) {
          return std::string(label.size() < 13 ? 13 - label.size() : 0, ' ') + label + "| ";
        };
        out << '\n';
        if (w.line >= 2) out << gutter(std::to_string(w.line - 1)) << lines[w.line - 2] << '\n';
        out << gutter(std::to_string(w.line)) << lines[w.line - 1] << '\n';
        out << gutter("") << std::string(w.column > 0 ? w.column - 1 : 0, ' ') << "^\n";
        if (w.line < lines.size()) out << gutter(std::to_string(w.line + 1)) << lines[w.line] << '\n';
      }
    }
  }
  if (showTrace) {
    for (const auto& [message, where] : f.trace) {
      out << "\n       … " << message;
      if (where) out << "\n\n         at " << where->file << ':' << where->line << ':' << where->column << ':';
      out << '\n';
    }
  } else if (!f.trace.empty()) {
    out << "(use '--show-trace' to show detailed location information)\n";
  }
  return out.str();
}

}  // namespace

int runEval(const std::vector<std::string>& args) {
  bool strict = false, json = false, showTrace = false;
  std::optional<std::string> expr;
  std::optional<std::string> file;
  EvalSettings settings;
  std::vector<SearchPathEntry> includes;
  std::vector<std::pair<std::string, std::pair<bool, std::string>>> autoArgs;  // name, (isString, text)
  std::vector<std::string> allow;
  std::vector<std::string> attrPaths;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* {
      if (i + 1 >= args.size()) {
        std::cerr << "flakewise eval: " << a << " needs a value\n";
        return nullptr;
      }
      return &args[++i];
    };
    if (a == "--help" || a == "-h") {
      std::cout << kEvalHelp;
      return 0;
    } else if (a == "--strict") {
      strict = true;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--show-trace") {
      showTrace = true;
    } else if (a == "--eval") {
      // Accepted for symmetry with nix-instantiate.
    } else if (a == "--expr" || a == "-E") {
      const std::string* v = value();
      if (!v) return 2;
      expr = *v;
    } else if (a == "-I" || a == "--include") {
      const std::string* v = value();
      if (!v) return 2;
      addSearchPath(includes, *v);
    } else if (a.size() > 2 && a.compare(0, 2, "-I") == 0) {
      addSearchPath(includes, a.substr(2));
    } else if (a == "--arg" || a == "--argstr") {
      if (i + 2 >= args.size()) {
        std::cerr << "flakewise eval: " << a << " needs a name and a value\n";
        return 2;
      }
      autoArgs.push_back({args[i + 1], {a == "--argstr", args[i + 2]}});
      i += 2;
    } else if (a == "-A" || a == "--attr") {
      const std::string* v = value();
      if (!v) return 2;
      attrPaths.push_back(*v);
    } else if (a == "--allow") {
      const std::string* v = value();
      if (!v) return 2;
      allow.push_back(absolute(*v));
    } else if (a == "--max-steps" || a == "--max-memory-mb") {
      const std::string* v = value();
      if (!v) return 2;
      try {
        const std::uint64_t n = std::stoull(*v);
        if (a == "--max-steps") {
          settings.budget.maxSteps = n;
        } else {
          settings.budget.maxMemory = static_cast<std::size_t>(n) << 20;
        }
      } catch (const std::exception&) {
        std::cerr << "flakewise eval: " << a << " needs a number\n";
        return 2;
      }
    } else if (a == "--system") {
      const std::string* v = value();
      if (!v) return 2;
      settings.currentSystem = *v;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::cerr << "flakewise eval: unknown option '" << a << "'\n\n" << kEvalHelp;
      return 2;
    } else if (!file) {
      file = a;
    } else {
      std::cerr << "flakewise eval: only one FILE can be evaluated\n";
      return 2;
    }
  }
  if (expr && file) {
    std::cerr << "flakewise eval: give either FILE or --expr, not both\n";
    return 2;
  }
  if (!expr && !file) {
    std::cerr << kEvalHelp;
    return 2;
  }

  // Search path: -I first, then NIX_PATH.
  settings.searchPath = includes;
  if (const char* nixPath = std::getenv("NIX_PATH")) {
    std::string s = nixPath;
    std::size_t start = 0;
    while (start <= s.size()) {
      const std::size_t colon = s.find(':', start);
      const std::string entry = s.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      if (!entry.empty()) addSearchPath(settings.searchPath, entry);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  const std::string cwd = absolute(".");
  settings.allowedRoots = {cwd};
  std::string path;
  if (file) {
    path = absolute(*file);
    settings.allowedRoots.push_back(path.substr(0, path.rfind('/')));
  }
  for (const SearchPathEntry& e : settings.searchPath) settings.allowedRoots.push_back(e.path);
  for (const std::string& a : allow) settings.allowedRoots.push_back(a);
  if (const char* home = std::getenv("HOME")) settings.home = home;
  settings.currentTime = static_cast<std::int64_t>(std::time(nullptr));
  settings.trace = [](std::string_view msg) { std::cerr << "trace: " << msg << std::endl; };

  // Grow the heap in large steps: parsing many small files otherwise spends
  // a sixth of its time in heap growth (mprotect on the thread's arena).
  mallopt(M_TOP_PAD, 64 << 20);

  Evaluator ev(std::make_shared<DiskFileSystem>());
  Evaluation run(ev, settings);
  std::vector<SourceFilePtr> keep;
  auto result = run.run<std::string>([&] {
    EvalState& st = run.state();
    Value v;
    if (expr) {
      SourceFilePtr src = compile(ev.runtime(), SyntaxTree::parse(*expr), {"«string»", cwd, settings.home});
      keep.push_back(src);
      if (!src->problems.empty()) {
        const CompileProblem& p = src->problems.front();
        EvalError err(static_cast<ErrorKind>(p.kind), p.message);
        err.setPos(src.get(), p.range);
        throw err;
      }
      st.eval(src->root, nullptr, v);
    } else {
      st.importFile(path, v, nullptr);
    }
    // Calls a top-level function with the --arg/--argstr values (only when
    // some were given, as nix-instantiate does).
    auto autoCall = [&](Value& fn) {
      if (autoArgs.empty()) return;
      st.force(fn);
      if (fn.type == Type::Lambda && fn.lambda->fn->hasFormals) {
        std::vector<std::pair<Symbol, Value>> entries;
        for (const auto& [name, arg] : autoArgs) {
          Value av;
          if (arg.first) {
            av = st.newString(arg.second);
          } else {
            SourceFilePtr src =
                compile(ev.runtime(), SyntaxTree::parse(arg.second), {"«string»", cwd, settings.home});
            keep.push_back(src);
            if (!src->problems.empty()) {
              const CompileProblem& p = src->problems.front();
              EvalError err(static_cast<ErrorKind>(p.kind), p.message);
              err.setPos(src.get(), p.range);
              throw err;
            }
            av = Value::ofThunk(st.newThunk(src->root, nullptr));
          }
          entries.push_back({ev.runtime().symbols.intern(name), av});
        }
        // Only the arguments the function names are passed.
        const ExprLambda* lambda = fn.lambda->fn;
        std::vector<std::pair<Symbol, Value>> passed;
        for (auto& e : entries) {
          for (std::uint32_t k = 0; k < lambda->nFormals; ++k) {
            if (lambda->formals[k].name == e.first || lambda->ellipsis) {
              passed.push_back(e);
              break;
            }
          }
        }
        Value set = st.makeAttrs(std::move(passed));
        Value r;
        st.call(fn, &set, 1, r, nullptr);
        fn = r;
      }
    };
    if (attrPaths.empty()) {
      autoCall(v);
    } else {
      // -A: every path is printed, one after the other, as nix-instantiate
      // does; functions met on the way are called with the --arg values.
      Value root = v;
      std::string outAll;
      for (const std::string& attrPath : attrPaths) {
        Value cur = root;
        autoCall(cur);
        std::size_t start = 0;
        while (start <= attrPath.size() && !attrPath.empty()) {
          const std::size_t dot = attrPath.find('.', start);
          const std::string part = attrPath.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
          const std::string sofar = attrPath.substr(0, dot == std::string::npos ? attrPath.size() : dot);
          st.force(cur);
          const bool index = !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
          if (index) {
            if (cur.type != Type::List) {
              st.fail(ErrorKind::Type, "the expression selected by the selection path '" + sofar +
                                           "' should be a list but is " + showValueType(cur), nullptr);
            }
            const std::size_t i = std::stoull(part);
            if (i >= cur.list->size) {
              st.fail(ErrorKind::IndexOutOfBounds,
                      "list index " + part + " in selection path '" + sofar + "' is out of range", nullptr);
            }
            cur = cur.list->elems[i];
          } else {
            if (cur.type != Type::Attrs) {
              st.fail(ErrorKind::Type, "the expression selected by the selection path '" + sofar +
                                           "' should be a set but is " + showValueType(cur), nullptr);
            }
            Attr* a = cur.attrs->find(ev.runtime().symbols.intern(part));
            if (!a) {
              st.fail(ErrorKind::MissingAttribute,
                      "attribute '" + part + "' in selection path '" + sofar + "' not found", nullptr);
            }
            cur = a->value;
          }
          autoCall(cur);
          if (dot == std::string::npos) break;
          start = dot + 1;
        }
        if (json) {
          printJson(st, cur, strict, nullptr, outAll);
        } else {
          st.force(cur);
          outAll += printValue(st, cur, strict) + "\n";
        }
      }
      return outAll;
    }
    if (json) {
      std::string out;
      printJson(st, v, strict, nullptr, out);
      return out;
    }
    st.force(v);
    return printValue(st, v, strict) + "\n";
  });
  if (!result.ok()) {
    std::cerr << formatError(*result.error, expr ? *expr : "", showTrace);
    return 1;
  }
  std::cout << *result.value << std::flush;
  return 0;
}

}  // namespace fw::server
