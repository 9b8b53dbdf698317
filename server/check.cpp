#include "server/check.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <cstdio>
#include <iostream>
#include <thread>

#include "analysis/features.h"
#include "analysis/eval/evaluator.h"
#include "analysis/flakes/flake_file.h"
#include "analysis/packages/project_features.h"
#include "server/eval_files.h"
#include "server/check_report.h"
#include "server/config.h"
#include "server/files.h"
#include "server/protocol.h"
#include "server/workspace_files.h"

namespace fw::server {

namespace {

enum class Format { Text, Json, Sarif, Github };

struct CheckOptions {
  Format format = Format::Text;
  bool color = false;
  unsigned jobs = 0;
  std::size_t maxFileBytes = 16u << 20;
  std::vector<std::string> paths;
};

struct FileResult {
  std::string path;
  std::string error;  // unreadable
  SyntaxTreePtr tree;
  std::vector<Diagnostic> diagnostics;
};

bool parseFormat(const std::string& f, Format& out) {
  if (f == "text") out = Format::Text;
  else if (f == "json") out = Format::Json;
  else if (f == "sarif") out = Format::Sarif;
  else if (f == "github") out = Format::Github;
  else {
    std::cerr << "flakewise check: unknown format '" << f << "' (text, json, sarif or github)\n";
    return false;
  }
  return true;
}

const char* usage() {
  return "usage: flakewise check [--format text|json|sarif|github] [--color auto|always|never]\n"
         "                       [--jobs N] [--max-file-size BYTES] PATH...\n";
}

void printText(std::ostream& os, const FileResult& r, const CheckOptions& opt) {
  const std::string_view src = r.tree->text();
  const LineIndex& lines = r.tree->lines();
  for (const Diagnostic& d : r.diagnostics) {
    const std::uint32_t line = lines.lineOf(d.range.start);
    const ByteOffset ls = lines.lineStart(line), le = lines.lineEnd(line);
    const ByteOffset at = std::min(d.range.start, le);
    // Code points, 1-based; O(1) on ASCII lines (one-line generated files
    // can carry many thousands of diagnostics).
    const std::size_t col = lines.position(at, PositionEncoding::Utf32).character + 1;
    const char* sev = severityName(d.severity);
    const char* colorOn = "";
    const char* colorOff = "";
    if (opt.color) {
      colorOn = d.severity == Severity::Error     ? "\x1b[1;31m"
                : d.severity == Severity::Warning ? "\x1b[1;35m"
                                                  : "\x1b[1;36m";
      colorOff = "\x1b[0m";
    }
    os << r.path << ':' << (line + 1) << ':' << col << ": " << colorOn << sev << colorOff << ": "
       << d.message << " [" << d.code << "]\n";
    // The source line, and a caret under the range (tabs kept so that the
    // caret lines up).
    std::string_view text = src.substr(ls, le - ls);
    if (text.size() > 300) continue;  // minified or generated: skip the excerpt
    os << "  " << text << '\n' << "  ";
    for (std::size_t i = ls; i < at;) {
      const Utf8Char c = decodeUtf8(src, i);
      os << (src[i] == '\t' ? '\t' : ' ');
      i += c.bytes;
    }
    const ByteOffset end = std::min(std::max(d.range.end, at), le);
    std::size_t width = 0;
    for (std::size_t i = at; i < end;) {
      i += decodeUtf8(src, i).bytes;
      ++width;
    }
    os << (opt.color ? "\x1b[1;32m" : "") << '^';
    for (std::size_t i = 1; i < width; ++i) os << '~';
    os << colorOff << '\n';
  }
}

}  // namespace

int runCheck(const std::vector<std::string>& args) {
  CheckOptions opt;
  std::string color = "auto";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* name) -> std::string {
      if (i + 1 >= args.size()) {
        std::cerr << "flakewise check: " << name << " needs a value\n" << usage();
        throw 2;
      }
      return args[++i];
    };
    try {
      if (a == "--format") {
        if (!parseFormat(value("--format"), opt.format)) return 2;
      } else if (a.starts_with("--format=")) {
        if (!parseFormat(a.substr(9), opt.format)) return 2;
      } else if (a == "--color") {
        color = value("--color");
      } else if (a == "--jobs" || a == "-j") {
        opt.jobs = static_cast<unsigned>(std::stoul(value("--jobs")));
      } else if (a == "--max-file-size") {
        opt.maxFileBytes = std::stoull(value("--max-file-size"));
      } else if (a == "--help" || a == "-h") {
        std::cout << usage();
        return 0;
      } else if (a == "--") {
        for (++i; i < args.size(); ++i) opt.paths.push_back(args[i]);
      } else if (a.starts_with("-") && a != "-") {
        std::cerr << "flakewise check: unknown option '" << a << "'\n" << usage();
        return 2;
      } else {
        opt.paths.push_back(a);
      }
    } catch (int code) {
      return code;
    } catch (const std::exception&) {
      std::cerr << "flakewise check: bad value for " << a << "\n" << usage();
      return 2;
    }
  }
  if (opt.paths.empty()) {
    std::cerr << "flakewise check: no paths given\n" << usage();
    return 2;
  }
  if (color == "always") opt.color = true;
  else if (color == "never") opt.color = false;
  else if (color == "auto") opt.color = opt.format == Format::Text && ::isatty(1) && !std::getenv("NO_COLOR");
  else {
    std::cerr << "flakewise check: --color takes auto, always or never\n";
    return 2;
  }

  FileListing listing = collectNixFiles(opt.paths);
  // A repository's .flakewise.json (nearest parent of each file) silences
  // codes and excludes paths, as in the editor.
  std::map<std::string, std::optional<ProjectConfig>> configs;
  auto configFor = [&](const std::filesystem::path& file) -> const ProjectConfig* {
    const std::string dir = std::filesystem::absolute(file).parent_path().string();
    auto it = configs.find(dir);
    if (it == configs.end()) {
      std::vector<std::string> problems;
      it = configs.emplace(dir, findProjectConfig(dir, problems)).first;
      for (const std::string& p : problems) listing.errors.push_back(p);
    }
    return it->second ? &*it->second : nullptr;
  };
  std::erase_if(listing.files, [&](const std::filesystem::path& f) {
    const ProjectConfig* pc = configFor(f);
    return pc && isExcluded(pc->settings.exclude, pc->root, std::filesystem::absolute(f).lexically_normal().string());
  });
  // Looked up here, single-threaded; the workers only read.
  std::vector<const ProjectConfig*> fileConfig;
  for (const auto& f : listing.files) fileConfig.push_back(configFor(f));
  std::vector<FileResult> results(listing.files.size());
  std::atomic<std::size_t> next{0};
  // Flake, lock, package and service checks read neighbouring files
  // (flake.lock, package files) and evaluate flake outputs, as in the
  // editor; the evaluator may read below the directories given.
  const auto neighbours = std::make_shared<WorkspaceFiles>(opt.maxFileBytes);
  eval::Evaluator evaluator(std::make_shared<DiskFileSystem>());
  eval::EvalSettings evalSettings;
  evalSettings.tolerant = true;
  evalSettings.maxFileBytes = opt.maxFileBytes;
  for (const std::string& p : opt.paths) {
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(p).lexically_normal();
    evalSettings.allowedRoots.push_back(std::filesystem::is_directory(abs, ec) ? abs.string()
                                                                              : abs.parent_path().string());
  }
  const unsigned jobs = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
  auto worker = [&] {
    for (;;) {
      const std::size_t k = next.fetch_add(1);
      if (k >= results.size()) return;
      FileResult& r = results[k];
      r.path = listing.files[k].string();
      std::string err;
      std::optional<std::string> text = readFile(listing.files[k], err);
      if (!text) {
        r.error = err;
        continue;
      }
      if (text->size() > opt.maxFileBytes || text->size() >= 0xFFFFFFF0u) {
        r.tree = SyntaxTree::unparsed(std::move(*text));
        r.diagnostics.push_back({{0, 0}, Severity::Warning, "file-too-large",
                                 "not analysed: the file has " +
                                     std::to_string(r.tree->text().size()) +
                                     " bytes, over --max-file-size " +
                                     std::to_string(opt.maxFileBytes),
                                 {}});
        continue;
      }
      SyntaxTreePtr tree = SyntaxTree::parse(std::move(*text));
      DiagnosticsConfig cfg;
      if (const ProjectConfig* pc = fileConfig[k]) cfg.disabled = pc->settings.disabled;
      r.diagnostics = fileDiagnostics(*tree, cfg);
      if (tree->parsed()) {
        const FeatureContext ctx{std::filesystem::absolute(listing.files[k]).lexically_normal().string(),
                                 neighbours.get()};
        std::vector<Diagnostic> more = projectDiagnostics(*tree, ctx, {}, {&evaluator, &evalSettings});
        filterDiagnostics(*tree, cfg, more);
        r.diagnostics.insert(r.diagnostics.end(), more.begin(), more.end());
        std::stable_sort(r.diagnostics.begin(), r.diagnostics.end(),
                         [](const Diagnostic& x, const Diagnostic& y) { return x.range.start < y.range.start; });
      }
      // Reports need only the text and its lines: the syntax tree (about
      // 20x the text) is freed here, by this worker, not kept for all files
      // until the end.
      if (!r.diagnostics.empty()) r.tree = SyntaxTree::unparsed(tree->text());
    }
  };
  {
    std::vector<std::jthread> threads;
    for (unsigned t = 1; t < std::min<std::size_t>(jobs, results.size()); ++t) threads.emplace_back(worker);
    worker();
  }

  // The flake.lock next to each flake.nix checked: JSON, shape, inputs the
  // flake no longer declares.
  {
    std::vector<FileResult> locks;
    for (std::size_t k = 0; k < results.size(); ++k) {
      if (!results[k].error.empty() || !flakes::isFlakeNix(results[k].path)) continue;
      const std::string flakePath = std::filesystem::absolute(listing.files[k]).lexically_normal().string();
      const std::string lockPath = flakes::siblingLock(flakePath);
      std::string err;
      std::optional<std::string> text = readFile(lockPath, err);
      if (!text) continue;
      const std::string shown = flakes::siblingLock(results[k].path);
      const ProjectConfig* pc = fileConfig[k];
      FileResult r;
      r.path = shown;
      std::vector<Diagnostic> diags = flakeLockDiagnostics(*text, FeatureContext{lockPath, neighbours.get()});
      if (pc) {
        std::erase_if(diags, [&](const Diagnostic& d) {
          return std::find(pc->settings.disabled.begin(), pc->settings.disabled.end(), d.code) !=
                 pc->settings.disabled.end();
        });
      }
      // A clean lock is not counted as a file checked: the count stays the
      // number of .nix files.
      if (diags.empty()) continue;
      r.diagnostics = std::move(diags);
      r.tree = SyntaxTree::unparsed(std::move(*text));
      locks.push_back(std::move(r));
    }
    for (FileResult& r : locks) results.push_back(std::move(r));
    std::stable_sort(results.begin(), results.end(),
                     [](const FileResult& a, const FileResult& b) { return a.path < b.path; });
  }

  std::size_t errors = 0, warnings = 0, others = 0, filesWithProblems = 0;
  for (const FileResult& r : results) {
    if (!r.error.empty()) listing.errors.push_back(r.error);
    if (!r.diagnostics.empty()) ++filesWithProblems;
    for (const Diagnostic& d : r.diagnostics) {
      if (d.severity == Severity::Error) ++errors;
      else if (d.severity == Severity::Warning) ++warnings;
      else ++others;
    }
  }

  if (opt.format == Format::Sarif || opt.format == Format::Github) {
    std::vector<CheckedFile> checked;
    checked.reserve(results.size());
    for (FileResult& r : results) checked.push_back({r.path, r.tree, r.diagnostics});
    if (opt.format == Format::Sarif) {
      std::cout << sarifLog(checked, listing.errors.empty()).dump(2, ' ', false, json::error_handler_t::replace)
                << '\n';
    } else {
      std::cout << githubAnnotations(checked);
      std::cout << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings << " warning"
                << (warnings == 1 ? "" : "s") << " in " << results.size() << " files checked\n";
    }
  } else if (opt.format == Format::Json) {
    json arr = json::array();
    for (const FileResult& r : results) {
      if (!r.tree) continue;
      for (const Diagnostic& d : r.diagnostics) {
        json j = toLsp(d, r.tree->lines(), PositionEncoding::Utf16);
        j["file"] = r.path;
        arr.push_back(std::move(j));
      }
    }
    std::cout << arr.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  } else {
    for (const FileResult& r : results)
      if (r.tree) printText(std::cout, r, opt);
    auto plural = [](std::size_t n, const char* word) {
      return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
    };
    const std::size_t checked = results.size() - std::count_if(results.begin(), results.end(),
                                                                [](const FileResult& r) { return !r.error.empty(); });
    if (errors + warnings + others == 0) {
      std::cout << "no problems in " << plural(checked, "file") << '\n';
    } else {
      std::cout << plural(errors, "error") << ", " << plural(warnings, "warning");
      if (others) std::cout << ", " << plural(others, "note");
      std::cout << " in " << plural(filesWithProblems, "file") << " (" << plural(checked, "file")
                << " checked)\n";
    }
  }
  std::cout.flush();
  for (const std::string& e : listing.errors) std::cerr << "flakewise check: " << e << '\n';
  if (!listing.errors.empty()) return 2;
  return errors > 0 ? 1 : 0;
}

}  // namespace fw::server
