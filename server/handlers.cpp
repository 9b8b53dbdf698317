// LSP feature requests: conversion between protocol and analysis, one
// handler per method. Scheduling (which snapshot, which thread) is in
// session.cpp.

#include <spdlog/spdlog.h>

#include "analysis/completion.h"
#include "analysis/flakes/flake_file.h"
#include "analysis/packages/project_features.h"
#include "analysis/navigation.h"
#include "analysis/references.h"
#include "analysis/options/module_syntax.h"
#include "analysis/options/option_features.h"
#include "server/session.h"
#include "server/workspace_index.h"
#include "server/uri.h"

namespace fw::server {

namespace {

json markdown(const std::string& md) { return {{"kind", "markdown"}, {"value", md}}; }

json locationToLsp(const Location& loc, const std::string& uri, const LineIndex& lines, PositionEncoding enc) {
  if (loc.file.empty()) return {{"uri", uri}, {"range", toLsp(loc.range, lines, enc)}};
  // Another file: a place in it when we know its text, else its start.
  if (loc.tree) return {{"uri", pathToUri(loc.file)}, {"range", toLsp(loc.range, loc.tree->lines(), enc)}};
  return {{"uri", pathToUri(loc.file)},
          {"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}}};
}

// A declaration: Nix's 1-based line and byte column; the name's length.
json declarationToLsp(const options::SourcePos& d) {
  const std::uint32_t line = d.line ? d.line - 1 : 0;
  const std::uint32_t col = d.column ? d.column - 1 : 0;
  const std::uint32_t len = d.line ? d.range.end - d.range.start : 0;
  return {{"uri", pathToUri(d.file)},
          {"range", {{"start", {{"line", line}, {"character", col}}}, {"end", {{"line", line}, {"character", col + len}}}}}};
}

// Whether the offset is where option features answer (a definition or a
// read inside a module), so that the option tree is computed only there.
bool inModule(const DocumentView& v, ByteOffset offset) {
  if (options::optionContextAt(v, offset).kind != options::OptionContext::Kind::None) return true;
  return v.full() && options::declarationPathAt(*v.full(), offset).has_value();
}

json editsToLsp(const std::vector<TextEdit>& edits, const LineIndex& lines, PositionEncoding enc) {
  json out = json::array();
  for (const TextEdit& e : edits) out.push_back({{"range", toLsp(e.range, lines, enc)}, {"newText", e.text}});
  return out;
}

}  // namespace

FeatureContext Session::contextFor(const std::string& uri) const {
  FeatureContext ctx;
  ctx.path = uriToPath(uri).value_or("");
  ctx.files = files_.get();
  return ctx;
}

bool Session::handleFeature(const json& id, const std::string& method, const json& params) {
  const PositionEncoding enc = encoding_;
  if (method == "textDocument/definition") {
    const std::string uri = documentUri(params);
    const Position pos = positionParam(params);
    runOnView(id, params, [enc, uri, pos, ctx = contextFor(uri), files = files_, optionTree = optionTreeSource()](const DocumentView& v, std::stop_token) {
      json out = json::array();
      const ByteOffset offset = v.lines().offset(pos, enc);
      if (inModule(v, offset)) {
        for (const options::SourcePos& d : options::optionDeclarations(v, offset, *optionTree())) {
          // options.json names files relative to nixpkgs (or by URL).
          if (d.file.starts_with("/")) out.push_back(declarationToLsp(d));
        }
        if (!out.empty()) return out;
      }
      for (const Location& loc : definition(v, offset, ctx))
        out.push_back(locationToLsp(loc, uri, v.lines(), enc));
      return out;
    });
    return true;
  }
  if (method == "textDocument/hover") {
    const std::string uri = documentUri(params);
    const Position pos = positionParam(params);
    runOnView(id, params, [enc, pos, ctx = contextFor(uri), files = files_, ev = evaluator_, settings = evalSettings(),
                           nixpkgs = nixpkgs_, nixpkgsConfig = nixpkgsConfig_, external = options_.externalProcesses,
                           optionTree = optionTreeSource()](const DocumentView& v, std::stop_token) {
      const ByteOffset offset = v.lines().offset(pos, enc);
      // An option's name in a definition, read or declaration: its
      // documentation.
      if (!flakes::isFlakeLock(ctx.path) && inModule(v, offset)) {
        if (std::optional<HoverResult> o = options::hoverOption(v, offset, *optionTree()))
          return json{{"contents", markdown(o->markdown)}, {"range", toLsp(o->range, v.lines(), enc)}};
      }
      // flake.lock is JSON: only the lock's own hover applies.
      std::optional<HoverResult> h = flakes::isFlakeLock(ctx.path) ? std::nullopt : hover(v, offset, ctx);
      // Flake, package and builder knowledge first, what the name is after.
      std::string nixpkgsName;
      if (std::optional<HoverResult> p = projectHover(v, offset, ctx, {ev.get(), &settings}, &nixpkgsName)) {
        // A nixpkgs name: its facts from a child nix-instantiate, when a
        // nixpkgs is configured or on NIX_PATH.
        if (!nixpkgsName.empty() && external) {
          if (std::optional<std::string> facts = nixpkgs->markdown(nixpkgsName, nixpkgsConfig))
            p->markdown = facts->starts_with("**") ? *facts : p->markdown + "\n\n" + *facts;
        }
        if (h && h->range == p->range) p->markdown += "\n\n---\n\n" + h->markdown;
        h = std::move(p);
      }
      if (!h) return json(nullptr);
      return json{{"contents", markdown(h->markdown)}, {"range", toLsp(h->range, v.lines(), enc)}};
    });
    return true;
  }
  if (method == "textDocument/completion") {
    const std::string uri = documentUri(params);
    const Position pos = positionParam(params);
    runOnView(id, params, [enc, pos, ctx = contextFor(uri), files = files_,
                           optionTree = optionTreeSource()](const DocumentView& v, std::stop_token) {
      const ByteOffset offset = v.lines().offset(pos, enc);
      if (flakes::isFlakeLock(ctx.path)) return json{{"isIncomplete", false}, {"items", json::array()}};
      std::optional<CompletionResult> fromOptions;
      if (inModule(v, offset)) fromOptions = options::completeOption(v, offset, *optionTree());
      CompletionResult r = fromOptions ? std::move(*fromOptions) : completion(v, offset, ctx);
      // Values the option's type lists come first; names in scope still
      // complete (`enable = cfg.enable`).
      if (fromOptions && !r.items.empty() && r.items.front().kind == CompletionKind::Value) {
        CompletionResult general = completion(v, offset, ctx);
        for (CompletionItem& it : general.items) {
          if (std::none_of(r.items.begin(), r.items.end(), [&](const CompletionItem& o) { return o.label == it.label; }))
            r.items.push_back(std::move(it));
        }
        r.incomplete = r.incomplete || general.incomplete;
      }
      // Schema items (flake attributes, builder arguments) come first; the
      // names in scope stay when both apply to the same word.
      std::optional<CompletionResult> p;
      if (!fromOptions) p = projectCompletion(v, offset, ctx);
      if (p) {
        if (p->replace == r.replace) {
          for (CompletionItem& it : r.items) {
            const bool dup = std::any_of(p->items.begin(), p->items.end(),
                                         [&](const CompletionItem& x) { return x.label == it.label; });
            if (!dup) p->items.push_back(std::move(it));
          }
          p->incomplete = p->incomplete || r.incomplete;
        }
        r = std::move(*p);
      }
      const json range = toLsp(r.replace, v.lines(), enc);
      json items = json::array();
      for (const CompletionItem& it : r.items) {
        json item = {{"label", it.label},
                     {"kind", static_cast<int>(it.kind)},
                     {"textEdit", {{"range", range}, {"newText", it.label}}}};
        if (!it.detail.empty()) item["detail"] = it.detail;
        if (!it.documentation.empty()) item["documentation"] = markdown(it.documentation);
        if (!it.sortText.empty()) item["sortText"] = it.sortText;
        items.push_back(std::move(item));
      }
      return json{{"isIncomplete", r.incomplete}, {"items", std::move(items)}};
    });
    return true;
  }
  if (method == "textDocument/references") {
    const std::string uri = documentUri(params);
    const Position pos = positionParam(params);
    const bool withDecl = params.contains("context") && params["context"].is_object() &&
                          params["context"].value("includeDeclaration", true);
    runOnAnalysis(id, params, [enc, uri, pos, withDecl, ctx = contextFor(uri), files = files_, index = index_,
                               optionTree = optionTreeSource()](const AnalysisSlot& slot, std::stop_token stop) {
      const auto& a = slot.get();
      const LineIndex& lines = a->tree->lines();
      const ByteOffset offset = lines.offset(pos, enc);
      json out = json::array();
      // An option: its declarations, and its definitions and reads in
      // every file of the workspace.
      const DocumentViewPtr view = DocumentView::exact(a->tree);
      if (inModule(*view, offset)) {
        const options::OptionTreePtr tree = optionTree();
        if (auto at = options::optionAt(*view, offset, *tree); at && at->option) {
          if (withDecl) {
            for (const options::SourcePos& d : at->option->declarations)
              if (d.file.starts_with("/")) out.push_back(declarationToLsp(d));
          }
          const std::string& last = at->path.back();
          for (const auto& [path, file] : index->all()) {
            if (stop.stop_requested()) break;
            if (path == ctx.path) continue;
            if (last != "<name>" && file->text.find(last) == std::string::npos) continue;
            const SyntaxTreePtr other = SyntaxTree::parse(file->text);
            for (const options::OptionUse& u : options::optionUses(*other, at->path)) {
              out.push_back({{"uri", pathToUri(path)}, {"range", toLsp(u.range, file->lines, enc)}});
            }
          }
          for (const options::OptionUse& u : options::optionUses(*a->tree, at->path))
            out.push_back({{"uri", uri}, {"range", toLsp(u.range, lines, enc)}});
          return out;
        }
      }
      // A local name: its uses in this file.
      for (const Occurrence& o : occurrences(*a, offset)) {
        if (o.write && !withDecl) continue;
        out.push_back({{"uri", uri}, {"range", toLsp(o.range, lines, enc)}});
      }
      // An attribute: its uses here and in the files importing its file.
      if (out.empty()) {
        for (const Location& loc : attributeReferences(a->tree, offset, ctx, withDecl))
          out.push_back(locationToLsp(loc, uri, lines, enc));
      }
      return out;
    });
    return true;
  }
  if (method == "textDocument/documentHighlight") {
    const Position pos = positionParam(params);
    runOnAnalysis(id, params, [enc, pos](const AnalysisSlot& slot, std::stop_token) {
      const auto& a = slot.get();
      const LineIndex& lines = a->tree->lines();
      json out = json::array();
      for (const Occurrence& o : occurrences(*a, lines.offset(pos, enc)))
        out.push_back({{"range", toLsp(o.range, lines, enc)}, {"kind", o.write ? 3 : 2}});
      return out;
    });
    return true;
  }
  if (method == "textDocument/prepareRename") {
    const std::string uri = documentUri(params);
    const Position pos = positionParam(params);
    runOnAnalysis(id, params, [enc, pos, ctx = contextFor(uri), files = files_](const AnalysisSlot& slot, std::stop_token) {
      const auto& a = slot.get();
      const LineIndex& lines = a->tree->lines();
      // An attribute: renamed across the files that import its file.
      const AttributeRename attr = renameAttribute(a->tree, lines.offset(pos, enc), ctx, "");
      if (attr.isAttribute) {
        if (!attr.error.empty()) throw RpcError(errc::RequestFailed, attr.error);
        return json{{"range", toLsp(attr.range, lines, enc)}, {"placeholder", attr.placeholder}};
      }
      const PrepareRenameResult r = prepareRename(*a, lines.offset(pos, enc));
      if (!r.error.empty()) throw RpcError(errc::RequestFailed, r.error);
      return json{{"range", toLsp(r.range, lines, enc)}, {"placeholder", r.placeholder}};
    });
    return true;
  }
  if (method == "textDocument/rename") {
    const std::string uri = documentUri(params);
    const Position pos = positionParam(params);
    if (!params.contains("newName") || !params["newName"].is_string())
      throw std::invalid_argument("rename needs newName");
    const std::string newName = params["newName"].get<std::string>();
    runOnAnalysis(id, params, [enc, uri, pos, newName, ctx = contextFor(uri), files = files_](const AnalysisSlot& slot,
                                                                                      std::stop_token) {
      const auto& a = slot.get();
      const LineIndex& lines = a->tree->lines();
      const AttributeRename attr = renameAttribute(a->tree, lines.offset(pos, enc), ctx, newName);
      if (attr.isAttribute) {
        if (!attr.error.empty()) throw RpcError(errc::RequestFailed, attr.error);
        json changes = json::object();
        for (const FileEdit& e : attr.edits) {
          const std::string key = e.file.empty() ? uri : pathToUri(e.file);
          if (!changes.contains(key)) changes[key] = json::array();
          changes[key].push_back({{"range", toLsp(e.edit.range, e.tree->lines(), enc)}, {"newText", e.edit.text}});
        }
        return json{{"changes", std::move(changes)}};
      }
      const RenameResult r = rename(*a, lines.offset(pos, enc), newName);
      if (!r.error.empty()) throw RpcError(errc::RequestFailed, r.error);
      return json{{"changes", {{uri, editsToLsp(r.edits, lines, enc)}}}};
    });
    return true;
  }
  if (method == "workspace/symbol") {
    const std::string query = params.is_object() ? params.value("query", "") : "";
    runOnPool(id, [enc, query, index = index_](std::stop_token) {
      json out = json::array();
      for (const SymbolMatch& m : index->search(query, 500)) {
        json item = {{"name", m.symbol->name},
                     {"kind", static_cast<int>(m.symbol->kind)},
                     {"location", {{"uri", pathToUri(m.path)}, {"range", toLsp(m.symbol->selection, m.file->lines, enc)}}}};
        if (!m.symbol->container.empty()) item["containerName"] = m.symbol->container;
        out.push_back(std::move(item));
      }
      return out;
    });
    return true;
  }
  return false;
}

}  // namespace fw::server
