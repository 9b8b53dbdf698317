#include "analysis/eval/runtime.h"

#include <algorithm>
#include <set>

#include "analysis/eval/compile.h"

namespace fw::eval {

namespace {

// Builtins that Nix binds without the `__` prefix in the base environment.
const std::set<std::string_view>& globalNames() {
  static const std::set<std::string_view> names = {
      "abort",        "baseNameOf",     "derivation", "derivationStrict", "dirOf",
      "fetchGit",     "fetchMercurial", "fetchTarball", "fetchTree",      "fromTOML",
      "import",       "isNull",         "map",        "placeholder",      "removeAttrs",
      "scopedImport", "throw",          "toString"};
  return names;
}

// Constants: the state makes their values (state_base.cpp).
constexpr const char* kGlobalConstants[] = {"true", "false", "null", "builtins", "derivation"};
constexpr const char* kBuiltinConstants[] = {"currentSystem", "currentTime", "nixVersion",
                                             "langVersion",   "storeDir",    "nixPath"};

// `derivation` is a Nix function over derivationStrict: every output gets
// an attribute set with the original attributes, its outPath and drvPath.
constexpr const char* kDerivationSource = R"(attrs@{ outputs ? [ "out" ], ... }:
let
  paths = derivationStrict attrs;
  forOutput = outputName: {
    name = outputName;
    value = shared // {
      outPath = builtins.getAttr outputName paths;
      drvPath = paths.drvPath;
      type = "derivation";
      inherit outputName;
    };
  };
  outputList = map forOutput outputs;
  shared = attrs // builtins.listToAttrs outputList // {
    all = map (o: o.value) outputList;
    drvAttrs = attrs;
  };
in (builtins.head outputList).value
)";

}  // namespace

std::shared_ptr<const SourceFile> Runtime::derivationSource() {
  std::lock_guard lock(preludeMutex_);
  if (!derivation_) derivation_ = compile(*this, SyntaxTree::parse(kDerivationSource), {"«derivation»", "/", ""});
  return derivation_;
}

const std::vector<PrimOp>& allPrimOps() {
  static const std::vector<PrimOp> ops = [] {
    std::vector<PrimOp> v;
    addTypeBuiltins(v);
    addArithBuiltins(v);
    addListBuiltins(v);
    addAttrBuiltins(v);
    addStringBuiltins(v);
    addControlBuiltins(v);
    addFileBuiltins(v);
    addJsonBuiltins(v);
    addDerivationBuiltins(v);
    addTomlBuiltins(v);
    addXmlBuiltins(v);
    addUnsupportedBuiltins(v);
    return v;
  }();
  return ops;
}

Runtime::Runtime() {
  for (const char* c : kGlobalConstants) base_.push_back({c, c, nullptr});
  for (const char* c : kBuiltinConstants) base_.push_back({std::string("__") + c, c, nullptr});
  for (const PrimOp& op : allPrimOps()) {
    const std::string_view name = op.name;
    base_.push_back({globalNames().count(name) ? std::string(name) : "__" + std::string(name),
                     std::string(name), &op});
  }
  for (std::size_t i = 0; i < base_.size(); ++i) {
    baseIndex_.emplace(symbols.intern(base_[i].name), static_cast<std::uint32_t>(i));
  }
  auto s = [&](const char* n) { return symbols.intern(n); };
  sym.value = s("value");
  sym.success = s("success");
  sym.name = s("name");
  sym.outPath = s("outPath");
  sym.type = s("type");
  sym.functor = s("__functor");
  sym.toString = s("__toString");
  sym.drvPath = s("drvPath");
  sym.outputs = s("outputs");
  sym.outputName = s("outputName");
  sym.all = s("all");
  sym.system = s("system");
  sym.builder = s("builder");
  sym.args = s("args");
  sym.key = s("key");
  sym.operator_ = s("operator");
  sym.wrong = s("wrong");
  sym.right = s("right");
  sym.line = s("line");
  sym.column = s("column");
  sym.file = s("file");
  sym.path = s("path");
  sym.prefix = s("prefix");
  sym.body = s("body");
  sym.startSet = s("startSet");
  sym.derivation = s("derivation");
  sym.ignoreNulls = s("__ignoreNulls");
  sym.structuredAttrs = s("__structuredAttrs");
  sym.missingAttr = s("__flakewiseMissingAttr");
}

}  // namespace fw::eval
