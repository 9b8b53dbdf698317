// builtins.toXML: Nix's XML rendering of a value (forced deeply), with
// derivations shown once by their paths.

#include <algorithm>
#include <map>
#include <set>

#include "analysis/eval/builtins_util.h"
#include "analysis/eval/print.h"

namespace fw::eval {

namespace {

class XmlWriter {
 public:
  XmlWriter(EvalState& st, const Expr* site) : st_(st), site_(site) {
    out_ = "<?xml version='1.0' encoding='utf-8'?>\n";
  }

  void value(Value& given) {
    EvalState::DepthGuard guard(st_);
    st_.force(given);
    Value& v = given;
    switch (v.type) {
      case Type::Int:
        empty("int", {{"value", std::to_string(v.i)}});
        break;
      case Type::Bool:
        empty("bool", {{"value", v.b ? "true" : "false"}});
        break;
      case Type::String: {
        std::string_view s = v.str();
        empty("string", {{"value", std::string(s.substr(0, s.find('\0')))}});
        break;
      }
      case Type::Path:
        empty("path", {{"value", std::string(v.str())}});
        break;
      case Type::Null:
        empty("null", {});
        break;
      case Type::Float:
        empty("float", {{"value", formatFloat(v.f)}});
        break;
      case Type::List:
        open("list", {});
        for (Value& e : *v.list) value(e);
        close();
        break;
      case Type::Attrs:
        if (st_.isDerivation(v)) {
          std::map<std::string, std::string> attrs;
          std::string drvPath;
          if (Attr* d = v.attrs->find(st_.sym.drvPath)) {
            st_.force(d->value);
            if (d->value.type == Type::String) attrs["drvPath"] = drvPath = std::string(d->value.str());
          }
          if (Attr* o = v.attrs->find(st_.sym.outPath)) {
            st_.force(o->value);
            if (o->value.type == Type::String) attrs["outPath"] = std::string(o->value.str());
          }
          open("derivation", attrs);
          if (!drvPath.empty() && drvsSeen_.insert(drvPath).second) {
            showAttrs(v.attrs);
          } else {
            empty("repeated", {});
          }
          close();
        } else {
          open("attrs", {});
          showAttrs(v.attrs);
          close();
        }
        break;
      case Type::Lambda: {
        const ExprLambda* fn = v.lambda->fn;
        open("function", {});
        if (fn->hasFormals) {
          std::map<std::string, std::string> attrs;
          if (fn->arg != kNoSymbol) attrs["name"] = std::string(st_.rt.symbols.name(fn->arg));
          if (fn->ellipsis) attrs["ellipsis"] = "1";
          open("attrspat", attrs);
          std::vector<std::string> names;
          for (std::uint32_t i = 0; i < fn->nFormals; ++i) names.emplace_back(st_.rt.symbols.name(fn->formals[i].name));
          std::sort(names.begin(), names.end());
          for (const std::string& n : names) empty("attr", {{"name", n}});
          close();
        } else {
          empty("varpat", {{"name", std::string(st_.rt.symbols.name(fn->arg))}});
        }
        close();
        break;
      }
      default:
        // Builtins and partial applications, as Nix writes them.
        empty("unevaluated", {});
        break;
    }
  }

  std::string finish() {
    while (!open_.empty()) close();
    return std::move(out_);
  }

  void root(Value& v) {
    open("expr", {});
    value(v);
  }

 private:
  void showAttrs(Attrs* a) {
    std::vector<Attr*> entries;
    for (Attr& e : *a) entries.push_back(&e);
    std::sort(entries.begin(), entries.end(), [&](const Attr* x, const Attr* y) {
      return st_.rt.symbols.name(x->name) < st_.rt.symbols.name(y->name);
    });
    for (Attr* e : entries) {
      open("attr", {{"name", std::string(st_.rt.symbols.name(e->name))}});
      value(e->value);
      close();
    }
  }

  void attrs(const std::map<std::string, std::string>& attrs) {
    for (const auto& [k, val] : attrs) {
      out_ += ' ';
      out_ += k;
      out_ += "=\"";
      for (char c : val) {
        switch (c) {
          case '"': out_ += "&quot;"; break;
          case '<': out_ += "&lt;"; break;
          case '>': out_ += "&gt;"; break;
          case '&': out_ += "&amp;"; break;
          case '\n': out_ += "&#xA;"; break;
          default: out_ += c;
        }
      }
      out_ += '"';
    }
  }
  void open(const std::string& name, const std::map<std::string, std::string>& a) {
    out_.append(open_.size() * 2, ' ');
    out_ += '<' + name;
    attrs(a);
    out_ += ">\n";
    open_.push_back(name);
  }
  void close() {
    out_.append((open_.size() - 1) * 2, ' ');
    out_ += "</" + open_.back() + ">\n";
    open_.pop_back();
  }
  void empty(const std::string& name, const std::map<std::string, std::string>& a) {
    out_.append(open_.size() * 2, ' ');
    out_ += '<' + name;
    attrs(a);
    out_ += " />\n";
  }

  EvalState& st_;
  const Expr* site_;
  std::string out_;
  std::vector<std::string> open_;
  std::set<std::string> drvsSeen_;
};

FW_PRIM(toXML) {
  XmlWriter w(st, site);
  w.root(args[0]);
  out = st.newString(w.finish());
}

}  // namespace

void addXmlBuiltins(std::vector<PrimOp>& v) { v.push_back({"toXML", 1, toXML}); }

}  // namespace fw::eval
