#include "analysis/eval/evaluator.h"

#include <algorithm>

#include "analysis/eval/compile.h"
#include "analysis/eval/print.h"

namespace fw::eval {

Evaluator::Evaluator(std::shared_ptr<FileSystem> fs) : files_(rt_, std::move(fs)) {}

Evaluation::Evaluation(Evaluator& ev, EvalSettings settings, std::stop_token stop)
    : ev_(ev), settings_(std::move(settings)) {
  state_ = std::make_unique<EvalState>(ev_.runtime(), ev_.files(), settings_, std::move(stop));
}

Evaluation::~Evaluation() = default;

std::uint64_t Evaluation::steps() const { return state_->steps(); }

std::optional<Location> Evaluation::locate(const void* file, ByteRange r) const {
  if (!file) return std::nullopt;
  const auto* f = static_cast<const SourceFile*>(file);
  Location loc;
  loc.file = f->path;
  loc.range = r;
  std::tie(loc.line, loc.column) = f->lineColumn(r.start);
  return loc;
}

EvalFailure Evaluation::failure(const EvalError& e) const {
  EvalFailure f;
  f.kind = e.kind();
  f.message = e.message();
  if (e.hasPos()) f.where = locate(e.file(), e.range());
  for (const EvalError::Frame& fr : e.frames()) f.trace.push_back({fr.message, locate(fr.file, fr.range)});
  return f;
}

void Evaluation::runGuarded(const std::function<void()>& fn, std::optional<EvalFailure>& error) {
  runOnLargeStack(kDefaultEvalStack, [&] {
    state_->enterThread();
    try {
      if (state_->stop.stop_requested()) throw EvalError(ErrorKind::Cancelled, "evaluation cancelled");
      fn();
    } catch (const EvalError& e) {
      error = failure(e);
    } catch (const std::bad_alloc&) {
      error = EvalFailure{ErrorKind::Limit, "evaluation limit reached: out of memory", std::nullopt, {}};
    } catch (const std::length_error& e) {
      error = EvalFailure{ErrorKind::Limit, std::string("evaluation limit reached: ") + e.what(),
                          std::nullopt, {}};
    }
  });
}

static void throwFirstProblem(const SourceFile& file) {
  const CompileProblem& p = file.problems.front();
  EvalError err(static_cast<ErrorKind>(p.kind), p.message);
  err.setPos(&file, p.range);
  throw err;
}

Outcome<ValueRef> Evaluation::evalFile(const std::string& path) {
  return run<ValueRef>([&] {
    Value v;
    state_->importFile(canonicalPath(path), v, nullptr);
    return ValueRef{v};
  });
}

Outcome<ValueRef> Evaluation::evalExpr(const std::string& text, const std::string& dir,
                                       const std::string& name) {
  return run<ValueRef>([&] {
    SourceFilePtr file =
        compile(ev_.runtime(), SyntaxTree::parse(text), {name, canonicalPath(dir), settings_.home});
    keep_.push_back(file);
    if (!settings_.tolerant && !file->problems.empty()) throwFirstProblem(*file);
    Value v;
    state_->eval(file->root, nullptr, v);
    return ValueRef{v};
  });
}

Outcome<ValueKind> Evaluation::kind(const ValueRef& ref) {
  return run<ValueKind>([&] {
    Value v = ref.value;
    state_->force(v);
    switch (v.type) {
      case Type::Null: return ValueKind::Null;
      case Type::Bool: return ValueKind::Bool;
      case Type::Int: return ValueKind::Int;
      case Type::Float: return ValueKind::Float;
      case Type::String: return ValueKind::String;
      case Type::Path: return ValueKind::Path;
      case Type::List: return ValueKind::List;
      case Type::Attrs: return ValueKind::Attrs;
      default: return ValueKind::Function;
    }
  });
}

Outcome<std::vector<std::string>> Evaluation::attrNames(const ValueRef& ref) {
  return run<std::vector<std::string>>([&] {
    Value v = ref.value;
    Attrs* a = state_->forceAttrs(v, nullptr);
    std::vector<std::string> names;
    for (const Attr& e : *a) names.emplace_back(state_->rt.symbols.name(e.name));
    std::sort(names.begin(), names.end());
    return names;
  });
}

Outcome<ValueRef> Evaluation::getAttr(const ValueRef& ref, const std::string& name) {
  return run<ValueRef>([&] {
    Value v = ref.value;
    Attrs* a = state_->forceAttrs(v, nullptr);
    Attr* e = a->find(state_->rt.symbols.intern(name));
    if (!e) state_->fail(ErrorKind::MissingAttribute, "attribute '" + name + "' missing", nullptr);
    state_->force(e->value);
    return ValueRef{e->value};
  });
}

Outcome<std::vector<ValueRef>> Evaluation::listElements(const ValueRef& ref) {
  return run<std::vector<ValueRef>>([&] {
    Value v = ref.value;
    List* l = state_->forceList(v, nullptr);
    std::vector<ValueRef> out;
    for (const Value& e : *l) out.push_back({e});
    return out;
  });
}

std::optional<Location> Evaluation::definition(const ValueRef& ref, const std::string& name) {
  std::optional<Location> out;
  std::optional<EvalFailure> error;
  runGuarded(
      [&] {
        Value v = ref.value;
        state_->force(v);
        if (v.type != Type::Attrs) return;
        Attr* e = v.attrs->find(state_->rt.symbols.intern(name));
        if (!e || !e->pos) return;
        const PositionTable::Entry p = state_->position(e->pos);
        out = locate(p.file, p.range);
      },
      error);
  return out;
}

Outcome<std::string> Evaluation::print(const ValueRef& ref, bool strict) {
  return run<std::string>([&] {
    Value v = ref.value;
    state_->force(v);
    return printValue(*state_, v, strict);
  });
}

Outcome<std::string> Evaluation::toJson(const ValueRef& ref, bool strict) {
  return run<std::string>([&] {
    Value v = ref.value;
    std::string out;
    printJson(*state_, v, strict, nullptr, out);
    return out;
  });
}

Outcome<std::string> Evaluation::asString(const ValueRef& ref) {
  return run<std::string>([&] {
    Value v = ref.value;
    state_->force(v);
    if (v.type != Type::String && v.type != Type::Path) state_->typeError(v, "a string", nullptr);
    return std::string(v.str());
  });
}

Outcome<std::int64_t> Evaluation::asInt(const ValueRef& ref) {
  return run<std::int64_t>([&] {
    Value v = ref.value;
    return state_->forceInt(v, nullptr);
  });
}

Outcome<bool> Evaluation::asBool(const ValueRef& ref) {
  return run<bool>([&] {
    Value v = ref.value;
    return state_->forceBool(v, nullptr);
  });
}

}  // namespace fw::eval
