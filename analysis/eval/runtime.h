#pragma once
// What every evaluation of one Evaluator shares: interned names, definition
// positions and the table of the base environment (builtins). Thread-safe.

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/eval/source.h"
#include "analysis/eval/symbols.h"

namespace fw::eval {

class EvalState;
struct Value;
struct Expr;

// A builtin receives its arguments unforced, in order, and writes its
// result. `site` is the call expression (for error positions).
using PrimOpFn = void (*)(EvalState& st, Value* args, Value& out, const Expr* site);

struct PrimOp {
  const char* name;  // as in builtins.NAME
  std::uint8_t arity;
  PrimOpFn fn;
};

// One name of the base environment.
struct BaseEntry {
  std::string name;        // "map", "__add", "true", "builtins", ...
  std::string builtinName; // its name in `builtins` ("" for `builtins` itself)
  const PrimOp* primop = nullptr;  // or a constant made by the state
};

// Names the evaluator looks up often.
struct CommonSymbols {
  Symbol value, success, name, outPath, type, functor, toString, drvPath, outputs, outputName,
      all, system, builder, args, key, operator_, wrong, right, line, column, file, path, prefix,
      body, startSet, derivation, ignoreNulls, structuredAttrs,
      // `__flakewiseMissingAttr`: see EvalState::missingAttr.
      missingAttr;
};

class Runtime {
 public:
  Runtime();
  SymbolTable symbols;
  PositionTable positions;
  CommonSymbols sym{};

  [[nodiscard]] const std::vector<BaseEntry>& base() const { return base_; }
  // Index into base() of a name of the base environment, or -1.
  [[nodiscard]] int baseIndex(Symbol s) const {
    auto it = baseIndex_.find(s);
    return it == baseIndex_.end() ? -1 : static_cast<int>(it->second);
  }

  // The compiled Nix source of `derivation`.
  [[nodiscard]] std::shared_ptr<const SourceFile> derivationSource();

 private:
  std::mutex preludeMutex_;
  std::shared_ptr<const SourceFile> derivation_;
  std::vector<BaseEntry> base_;
  std::unordered_map<Symbol, std::uint32_t> baseIndex_;
};

// The builtin tables, one per file of builtins (builtins_*.cpp).
void addTypeBuiltins(std::vector<PrimOp>& out);
void addArithBuiltins(std::vector<PrimOp>& out);
void addListBuiltins(std::vector<PrimOp>& out);
void addAttrBuiltins(std::vector<PrimOp>& out);
void addStringBuiltins(std::vector<PrimOp>& out);
void addControlBuiltins(std::vector<PrimOp>& out);
void addFileBuiltins(std::vector<PrimOp>& out);
void addJsonBuiltins(std::vector<PrimOp>& out);
void addDerivationBuiltins(std::vector<PrimOp>& out);
void addTomlBuiltins(std::vector<PrimOp>& out);
void addXmlBuiltins(std::vector<PrimOp>& out);
void addUnsupportedBuiltins(std::vector<PrimOp>& out);
[[nodiscard]] const std::vector<PrimOp>& allPrimOps();

}  // namespace fw::eval
