#pragma once
// One evaluation: its arena, budgets, stop token and the operations every
// part of the evaluator uses (forcing, calling, type checks, allocation).
// Single-threaded: one EvalState is used by one thread at a time.

#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/eval/arena.h"
#include "analysis/eval/error.h"
#include "analysis/eval/expr.h"
#include "analysis/eval/runtime.h"
#include "analysis/eval/source.h"
#include "analysis/eval/stack_guard.h"
#include "analysis/eval/value.h"

namespace fw::eval {

class FileCache;
class FileSystem;

struct Budget {
  std::uint64_t maxSteps = 0;            // 0: unlimited
  std::uint64_t maxDepth = 500000;       // nested evaluations and calls
  std::size_t maxMemory = std::size_t{4} << 30;  // arena bytes
};

struct SearchPathEntry {
  std::string prefix;  // "" matches every lookup
  std::string path;    // absolute directory or file
};

struct EvalSettings {
  Budget budget;
  std::vector<std::string> allowedRoots;   // absolute; reads elsewhere are refused
  std::vector<SearchPathEntry> searchPath; // -I and NIX_PATH entries, in order
  std::size_t maxFileBytes = std::size_t{64} << 20;
  std::string currentSystem = "x86_64-linux";
  std::string home;  // for ~/ paths
  std::int64_t currentTime = 0;
  std::function<void(std::string_view)> trace;  // builtins.trace output
  // false (Nix's behaviour): a file with a syntax error or an undefined
  // variable cannot be imported. true: such files evaluate, and only the
  // broken parts raise errors when they are forced.
  bool tolerant = false;
};

class EvalState {
 public:
  EvalState(Runtime& rt, FileCache& files, const EvalSettings& settings, std::stop_token stop);
  EvalState(const EvalState&) = delete;
  EvalState& operator=(const EvalState&) = delete;

  Runtime& rt;
  FileCache& files;
  const EvalSettings& settings;
  const CommonSymbols& sym;
  Arena arena;

  // ---- evaluation
  void eval(const Expr* e, Env* env, Value& out);
  // Forces `v` to weak head normal form in place.
  void force(Value& v) {
    if (v.type == Type::Thunk) forceThunk(v);
  }
  // Forces `v` and everything it contains (deepSeq, --strict).
  void forceDeep(Value& v);
  // A value for `e` in `env` without evaluating it: literals and variables
  // directly, everything else as a new thunk.
  Value lazy(const Expr* e, Env* env);
  // A thunk of `f a` (or `f a b`), for lazy results of map, genList, ...
  Value lazyApply(Value f, Value a);
  Value lazyApply2(Value f, Value a, Value b);
  // Applies a function to arguments; `site` is the call, for errors.
  void call(Value fn, Value* args, std::uint32_t n, Value& out, const Expr* site);
  Value call1(Value fn, Value arg, const Expr* site) {
    Value out;
    call(fn, &arg, 1, out, site);
    return out;
  }

  // ---- type checks (force, then check; the message names `site`)
  void forceType(Value& v, Type t, const Expr* site);
  std::int64_t forceInt(Value& v, const Expr* site);
  double forceFloat(Value& v, const Expr* site);  // ints convert
  bool forceBool(Value& v, const Expr* site);
  std::string_view forceString(Value& v, const Expr* site);
  std::string_view forceStringNoCtx(Value& v, const Expr* site) { return forceString(v, site); }
  Attrs* forceAttrs(Value& v, const Expr* site);
  List* forceList(Value& v, const Expr* site);
  void forceFunction(Value& v, const Expr* site);

  // String conversion as Nix's coerceToString: `more` also accepts ints,
  // floats, Booleans, null and lists (toString); with `copyToStore` a path
  // becomes the store path Nix would copy it to (store_path.cpp; nothing is
  // written).
  std::string coerceToString(Value& v, const Expr* site, bool more, bool copyToStore);
  // A path from a path value or an absolute-path string.
  std::string coerceToPath(Value& v, const Expr* site);
  // The store path of a local path's content, as Nix computes it.
  std::string copyPathToStore(const std::string& path, const Expr* site);
  // builtins.path / filterSource: `name` ("" = the base name), an optional
  // filter function, NAR (recursive) or flat hashing.
  std::string addToStore(const std::string& path, std::string name, const Value* filter, bool recursive,
                         const Expr* site);
  bool isDerivation(Value& v);

  // ---- comparisons (operators.cpp)
  bool equal(Value& a, Value& b, const Expr* site);
  bool lessThan(Value& a, Value& b, const Expr* site);
  static bool sameValue(const Value& x, const Value& y);
  // +, -, * or / on two numbers (ints wrap around; a float makes a float).
  Value arith(char op, Value& a, Value& b, const Expr* site);

  // ---- allocation
  Env* newEnv(Env* up, std::uint32_t size);
  // Gives an env back for reuse. Only for envs nothing can refer to any
  // more (see ExprLambda::capturesEnv).
  void releaseEnv(Env* env, std::uint32_t size) { arena.release(env, sizeof(Env) + sizeof(Value) * size); }
  List* newList(std::uint32_t size);
  Attrs* newAttrs(std::uint32_t capacity);
  Thunk* newThunk(const Expr* e, Env* env);
  Value newString(std::string_view s, Type t = Type::String);
  Value newClosure(const ExprLambda* fn, Env* env);
  // Sorts entries by name and checks for duplicates (returns a duplicate's
  // name or kNoSymbol).
  Symbol finishAttrs(Attrs* a);
  Value emptyAttrs() { return Value::ofAttrs(emptyAttrs_); }
  Value emptyList() { return Value::ofList(emptyList_); }
  // Builds a set from (name, value) pairs (any order, no duplicates).
  Value makeAttrs(std::vector<std::pair<Symbol, Value>> entries);

  // ---- errors
  [[noreturn]] void fail(ErrorKind kind, std::string message, const Expr* site);
  // A type error: "value is an integer while a set was expected".
  [[noreturn]] void typeError(const Value& v, const char* expected, const Expr* site);
  // Position of a definition id (Attr::pos, Formal::pos).
  [[nodiscard]] PositionTable::Entry position(std::uint32_t id) const { return rt.positions.get(id); }

  // ---- budgets
  void step() {
    if (++steps_ >= nextCheck_) periodicCheck();
  }
  [[nodiscard]] std::uint64_t steps() const { return steps_; }
  // A step budget for one part of an evaluation (one module of an option
  // schema): going more than `count` steps past now raises a Limit error;
  // 0 removes the fence. Checked with the other budgets.
  void fenceSteps(std::uint64_t count) {
    stepFence_ = count ? steps_ + count : 0;
    stepFenceSize_ = count;
  }
  // Counts nested evaluations (and tail calls made in place, which do not
  // grow the C++ stack but are still recursion) against the depth budget,
  // and stops before the thread's stack runs out.
  struct DepthGuard {
    EvalState& st;
    std::uint64_t tailCalls = 0;
    // `where` (optional) is the expression being evaluated, for the error.
    explicit DepthGuard(EvalState& s, const Expr* where = nullptr) : st(s) {
      if (++st.depth_ > st.settings.budget.maxDepth ||
          static_cast<const char*>(__builtin_frame_address(0)) < st.stackLimit_) {
        st.depthExceeded(1, where);
      }
    }
    void tailCall(const Expr* where) {
      ++tailCalls;
      // The destructor undoes this frame's count.
      if (++st.depth_ > st.settings.budget.maxDepth) st.depthExceeded(0, where);
    }
    ~DepthGuard() { st.depth_ -= 1 + tailCalls; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
  };

  // ---- base environment and files
  [[nodiscard]] Value baseValue(std::uint32_t index);
  [[nodiscard]] Value builtinsValue() { return baseValue(builtinsIndex_); }
  // Evaluates a file (import), cached per path in this evaluation.
  void importFile(const std::string& path, Value& out, const Expr* site);
  // Reads a file inside the allowed roots (size-capped).
  std::string readFile(const std::string& path, const Expr* site);
  void checkAllowed(const std::string& path, const Expr* site);
  std::string findInSearchPath(std::string_view name, const Expr* site);

  std::regex& regex(std::string_view pattern, const Expr* site);
  // Call on the thread that is about to evaluate (the stack bound is per
  // thread).
  void enterThread() { stackLimit_ = stackLimit(); }
  // Files imported by this evaluation so far (canonical paths).
  [[nodiscard]] std::vector<std::string> importedPaths() const {
    std::vector<std::string> out;
    out.reserve(imports_.size());
    for (const auto& [path, value] : imports_) out.push_back(path);
    return out;
  }
  std::stop_token stop;

 // Parts of eval() in other files.
  void evalWithVar(const ExprWithVar* v, Env* env, Value& out);
  void evalSelect(const ExprSelect* s, Env* env, Value& out);
  bool evalHasAttr(const ExprHasAttr* h, Env* env);
  Value evalAttrs(const ExprAttrs* a, Env* env);
  Env* letEnv(const ExprAttrs* a, Env* env);
  void evalOperator(const Expr* e, Env* env, Value& out);
  // The attribute name an AttrName denotes (evaluating a dynamic one).
  // Returns kNoSymbol for a dynamic name that evaluates to null.
  Symbol attrName(const AttrName& n, Env* env, const Expr* site);
  Value update(Value& a, Value& b, const Expr* site);
  // Open sets: a set with a `__flakewiseMissingAttr` function answers
  // every name it lacks with that function applied to the name (selection,
  // `?`, getAttr and hasAttr), so `pkgs.anything.at.all` works on the
  // placeholders the option schemas pass as `pkgs` and `config`. Returns
  // false when `a` is not open; then `out` is untouched.
  bool missingAttr(Attrs* a, Symbol name, Value& out, const Expr* site);
  [[nodiscard]] bool isOpen(const Attrs* a) const { return a->size > 0 && a->find(sym.missingAttr) != nullptr; }

 private:
  void forceThunk(Value& v);
  void periodicCheck();
  [[noreturn]] void depthExceeded(std::uint64_t undo, const Expr* where);
  void initBase();

  std::uint64_t steps_ = 0;
  std::uint64_t nextCheck_ = 4096;
  std::uint64_t stepFence_ = 0;
  std::uint64_t stepFenceSize_ = 0;
  std::uint64_t depth_ = 0;
  const char* stackLimit_ = nullptr;
  std::vector<Value> base_;
  std::vector<bool> baseReady_;
  std::uint32_t builtinsIndex_ = 0;
  Attrs* emptyAttrs_ = nullptr;
  List* emptyList_ = nullptr;
  std::unordered_map<std::string, Value> imports_;
  std::vector<std::shared_ptr<const SourceFile>> keepAlive_;
  std::vector<std::string> resolvedRoots_;
  std::unordered_map<std::string, std::string> storePaths_;
  std::unordered_map<std::string, std::unique_ptr<std::regex>> regexes_;
};

// "'f' at file:3:5" or "anonymous function at file:3:5", as Nix 2.8 names
// functions in messages.
[[nodiscard]] std::string functionDescription(EvalState& st, const ExprLambda* fn);

// Type names of values, with an article ("an integer") for messages.
[[nodiscard]] const char* showValueType(const Value& v);

}  // namespace fw::eval
