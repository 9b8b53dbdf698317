#pragma once
// The evaluator's public API for the rest of flakewise (see
// docs/EVALUATOR.md).
//
//   auto ev = std::make_shared<Evaluator>(fileSystem);   // long-lived
//   Evaluation run(*ev, settings, stopToken);             // one evaluation
//   auto root = run.evalFile("/ws/flake.nix");
//   if (root.ok()) {
//     auto names = run.attrNames(*root.value);            // forces the set only
//     auto opt = run.getAttr(*root.value, "options");     // forces that attribute
//     auto where = run.definition(*root.value, "options");
//   }
//
// Every call runs on a thread with a large stack (deep recursion in user
// code ends in a clean "evaluation limit reached" error) and honours the
// budget and the stop token. Values (ValueRef) stay valid as long as their
// Evaluation; nothing is evaluated that was not asked for.

#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "analysis/eval/error.h"
#include "analysis/eval/file_cache.h"
#include "analysis/eval/filesystem.h"
#include "analysis/eval/runtime.h"
#include "analysis/eval/state.h"

namespace fw::eval {

// Shared by all evaluations: symbols, compiled files, open documents.
class Evaluator {
 public:
  explicit Evaluator(std::shared_ptr<FileSystem> fs);
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Evaluations see `tree` as the content of `path` (an unsaved buffer).
  void setDocument(const std::string& path, SyntaxTreePtr tree) { files_.setOverlay(path, std::move(tree)); }
  void removeDocument(const std::string& path) { files_.removeOverlay(path); }

  [[nodiscard]] Runtime& runtime() { return rt_; }
  [[nodiscard]] FileCache& files() { return files_; }

 private:
  Runtime rt_;
  FileCache files_;
};

// A location for the server: file path and byte range, plus Nix's 1-based
// line and column.
struct Location {
  std::string file;
  ByteRange range;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct EvalFailure {
  ErrorKind kind = ErrorKind::Other;
  std::string message;
  std::optional<Location> where;
  std::vector<std::pair<std::string, std::optional<Location>>> trace;  // inner to outer
};

// A value of an Evaluation (valid while it lives).
struct ValueRef {
  Value value;
};

template <typename T>
struct Outcome {
  std::optional<T> value;
  std::optional<EvalFailure> error;
  [[nodiscard]] bool ok() const { return value.has_value(); }
};

enum class ValueKind { Null, Bool, Int, Float, String, Path, List, Attrs, Function };

class Evaluation {
 public:
  Evaluation(Evaluator& ev, EvalSettings settings, std::stop_token stop = {});
  ~Evaluation();
  Evaluation(const Evaluation&) = delete;
  Evaluation& operator=(const Evaluation&) = delete;

  // The value of a file (forced to weak head normal form).
  Outcome<ValueRef> evalFile(const std::string& path);
  // The value of an expression; relative paths resolve against `dir`.
  Outcome<ValueRef> evalExpr(const std::string& text, const std::string& dir,
                             const std::string& name = "«string»");
  // The value of the innermost expression of `path` that covers `range`,
  // with the variables around it bound: let and rec bindings to their
  // values, function arguments to their defaults (or to an error saying the
  // argument is unknown), `with` to its set.
  Outcome<ValueRef> evalAt(const std::string& path, ByteRange range);

  // Forcing and inspecting values; each may fail like any evaluation.
  Outcome<ValueKind> kind(const ValueRef& v);
  Outcome<std::vector<std::string>> attrNames(const ValueRef& v);  // sorted as attrNames does
  Outcome<ValueRef> getAttr(const ValueRef& v, const std::string& name);
  Outcome<std::vector<ValueRef>> listElements(const ValueRef& v);
  // Where the attribute was defined (its name in the source), if known.
  std::optional<Location> definition(const ValueRef& v, const std::string& name);
  // Prints like nix-instantiate --eval [--strict]; JSON like --json.
  Outcome<std::string> print(const ValueRef& v, bool strict);
  Outcome<std::string> toJson(const ValueRef& v, bool strict);
  // Scalars.
  Outcome<std::string> asString(const ValueRef& v);  // strings and paths
  Outcome<std::int64_t> asInt(const ValueRef& v);
  Outcome<bool> asBool(const ValueRef& v);

  [[nodiscard]] EvalState& state() { return *state_; }
  [[nodiscard]] std::uint64_t steps() const;

  // Runs fn on a large stack, converting evaluation errors into a failure.
  template <typename T, typename Fn>
  Outcome<T> run(Fn&& fn);

  [[nodiscard]] std::optional<Location> locate(const void* file, ByteRange r) const;
  // An evaluation error caught by code running inside run() (which uses
  // state() directly and isolates failures itself), as a failure.
  [[nodiscard]] EvalFailure failure(const EvalError& e) const;

 private:
  void runGuarded(const std::function<void()>& fn, std::optional<EvalFailure>& error);

  Evaluator& ev_;
  EvalSettings settings_;
  std::unique_ptr<EvalState> state_;
  std::vector<SourceFilePtr> keep_;
};

template <typename T, typename Fn>
Outcome<T> Evaluation::run(Fn&& fn) {
  Outcome<T> out;
  runGuarded([&] { out.value = fn(); }, out.error);
  if (out.error) out.value.reset();
  return out;
}

}  // namespace fw::eval
