// Option features in the editor: completion of names and values, hover,
// declarations and references (diagnostics: option_diagnostics.cpp).

#include "analysis/options/option_features.h"

#include <algorithm>
#include <filesystem>

#include "analysis/options/module_syntax.h"
#include "analysis/syntax_helpers.h"

namespace fw::options {

namespace {

const Symbols& S() { return syms(); }
std::string quoteName(const std::string& name) { return isNixIdentifier(name) ? name : nixString(name); }

std::string shortDoc(const Option& o) {
  std::string s = o.type.known ? o.type.description : "unknown type";
  return s;
}

}  // namespace

std::string optionMarkdown(const Option& o) {
  std::string md = "**" + o.path() + "**\n\n";
  md += "*Type:* " + (o.type.known ? o.type.description : "unknown (`" + o.type.name + "`)") + "\n\n";
  if (o.defaultValue) {
    md += "*Default:* ";
    if (o.defaultValue->kind == Literal::Kind::Markdown) md += o.defaultValue->text + "\n\n";
    else if (o.defaultValue->text.find('\n') == std::string::npos) md += "`" + o.defaultValue->text + "`\n\n";
    else md += "\n```nix\n" + o.defaultValue->text + "\n```\n\n";
  }
  if (o.example) {
    md += "*Example:* ";
    if (o.example->kind == Literal::Kind::Markdown) md += o.example->text + "\n\n";
    else if (o.example->text.find('\n') == std::string::npos) md += "`" + o.example->text + "`\n\n";
    else md += "\n```nix\n" + o.example->text + "\n```\n\n";
  }
  if (o.readOnly) md += "*Read-only.*\n\n";
  if (o.aliasOf) md += std::string(o.renamed ? "*Renamed to* `" : "*Alias of* `") + showOption(*o.aliasOf) + "`\n\n";
  if (o.removedMessage) md += "*Removed:* " + *o.removedMessage + "\n\n";
  if (o.description) md += *o.description + "\n\n";
  for (const SourcePos& d : o.declarations) {
    // A link editors can follow, named by the file and its folder.
    const std::filesystem::path p(d.file);
    std::string label = p.has_parent_path() && p.parent_path().has_filename()
                            ? (p.parent_path().filename() / p.filename()).string()
                            : p.filename().string();
    if (label.empty()) label = d.file;
    if (d.line) label += ":" + std::to_string(d.line);
    if (p.is_absolute())
      md += "*Declared in* [`" + label + "`](file://" + d.file + (d.line ? "#L" + std::to_string(d.line) : "") + ")\n\n";
    else
      md += "*Declared in* `" + (d.line ? d.file + ":" + std::to_string(d.line) : d.file) + "`\n\n";
  }
  while (md.ends_with("\n")) md.pop_back();
  return md;
}

std::optional<CompletionResult> completeOption(const DocumentView& view, ByteOffset offset, const OptionTree& tree) {
  const OptionContext ctx = optionContextAt(view, offset);
  const std::string_view src = view.text();
  if (ctx.kind == OptionContext::Kind::Name || ctx.kind == OptionContext::Kind::Read) {
    SegmentPath parent = ctx.path;
    if (ctx.kind == OptionContext::Kind::Read && !parent.empty()) parent.pop_back();
    const std::vector<std::string> names = lookupPath(parent);
    const OptionNode* node = tree.find(names);
    if (!node || node->children.empty()) return std::nullopt;
    CompletionResult r;
    r.replace = ctx.word.end > ctx.word.start ? ctx.word : ByteRange{offset, offset};
    for (const auto& [name, child] : node->children) {
      if (isWildcardName(name)) continue;
      const Option* o = child->option;
      if (o && (o->visible == Visibility::Hidden || o->internal)) continue;
      CompletionItem it;
      it.label = quoteName(name);
      if (o) {
        it.kind = CompletionKind::Property;
        it.detail = shortDoc(*o);
        it.documentation = optionMarkdown(*o);
      } else {
        it.kind = CompletionKind::Module;
        it.detail = std::to_string(child->children.size()) + " options";
      }
      r.items.push_back(std::move(it));
    }
    (void)src;
    return r;
  }
  if (ctx.kind == OptionContext::Kind::Value) {
    const Option* o = tree.findOption(lookupPath(ctx.path));
    if (!o || !o->type.known) return std::nullopt;
    CompletionResult r;
    // The word at the offset: an identifier or a string being typed.
    r.replace = ByteRange{offset, offset};
    if (ctx.valueNode) {
      Node v = ctx.valueNode;
      if (v.is(S().variable_expression) || v.is(S().string_expression) || v.is(S().integer_expression))
        r.replace = v.range();
    }
    std::vector<const OptionType*> stack = {&o->type};
    while (!stack.empty()) {
      const OptionType* t = stack.back();
      stack.pop_back();
      const std::string& n = t->name;
      auto add = [&](std::string label, std::string detail) {
        for (const CompletionItem& i : r.items)
          if (i.label == label) return;
        CompletionItem it;
        it.label = std::move(label);
        it.kind = CompletionKind::Value;
        it.detail = std::move(detail);
        it.sortText = "0" + std::to_string(r.items.size() + 1000);
        r.items.push_back(std::move(it));
      };
      if (n == "bool") {
        add("true", t->description);
        add("false", t->description);
      } else if (n == "enum") {
        for (const EnumValue& ev : t->enumValues) {
          if (ev.kind == EnumValue::Kind::String) add(nixString(ev.text), t->description);
          else if (ev.kind != EnumValue::Kind::Other) add(ev.text, t->description);
        }
      } else if (n == "nullOr") {
        add("null", t->description);
        if (const OptionType* e = t->nestedType("elemType")) stack.push_back(e);
      } else if (n == "either" || n == "oneOf") {
        if (const OptionType* e = t->nestedType("right")) stack.push_back(e);
        if (const OptionType* e = t->nestedType("left")) stack.push_back(e);
      } else if (n == "coercedTo") {
        if (const OptionType* e = t->nestedType("finalType")) stack.push_back(e);
      }
    }
    if (r.items.empty()) return std::nullopt;
    return r;
  }
  return std::nullopt;
}

std::optional<OptionAt> optionAt(const DocumentView& view, ByteOffset offset, const OptionTree& tree) {
  const OptionContext ctx = optionContextAt(view, offset);
  if (ctx.kind != OptionContext::Kind::Name && ctx.kind != OptionContext::Kind::Read) {
    // A name in a declaration (`options.services.foo = { port = …; }`).
    if (!view.full()) return std::nullopt;
    auto decl = declarationPathAt(*view.full(), offset);
    if (!decl || decl->empty()) return std::nullopt;
    OptionAt at;
    at.range = decl->back().range;
    at.path = lookupPath(*decl);
    const OptionNode* node = tree.find(at.path);
    if (!node) return std::nullopt;
    at.option = node->option;
    return at;
  }
  if (ctx.word.end <= ctx.word.start) return std::nullopt;
  OptionAt at;
  at.range = ctx.word;
  SegmentPath path = ctx.path;
  if (ctx.kind == OptionContext::Kind::Name) {
    // The whole name under the cursor, not only what is before it.
    PathSegment s;
    s.range = ctx.word;
    const std::string_view src = view.text();
    std::string word(src.substr(ctx.word.start, ctx.word.end - ctx.word.start));
    if (word.size() >= 2 && word.front() == '"' && word.back() == '"') word = word.substr(1, word.size() - 2);
    s.name = word;
    path.push_back(s);
  }
  at.path = lookupPath(path);
  const OptionNode* node = tree.find(at.path);
  if (!node) return std::nullopt;
  at.option = node->option;
  return at;
}

std::optional<HoverResult> hoverOption(const DocumentView& view, ByteOffset offset, const OptionTree& tree) {
  auto at = optionAt(view, offset, tree);
  if (!at) return std::nullopt;
  HoverResult h;
  h.range = at->range;
  if (at->option) {
    h.markdown = optionMarkdown(*at->option);
  } else {
    const OptionNode* node = tree.find(at->path);
    h.markdown = "**" + showOption(at->path) + "**\n\nOption set with " + std::to_string(node ? node->children.size() : 0) +
                 " entries";
  }
  return h;
}

std::vector<SourcePos> optionDeclarations(const DocumentView& view, ByteOffset offset, const OptionTree& tree) {
  auto at = optionAt(view, offset, tree);
  if (!at) return {};
  if (at->option) return at->option->declarations;
  // A namespace: the declarations of the options under it, one per file.
  std::vector<SourcePos> out;
  const OptionNode* node = tree.find(at->path);
  std::vector<const OptionNode*> stack = {node};
  while (!stack.empty() && out.size() < 20) {
    const OptionNode* n = stack.back();
    stack.pop_back();
    if (!n) continue;
    if (n->option) {
      for (const SourcePos& d : n->option->declarations) {
        if (std::none_of(out.begin(), out.end(), [&](const SourcePos& p) { return p.file == d.file; })) out.push_back(d);
      }
      continue;
    }
    for (const auto& [name, child] : n->children) stack.push_back(child.get());
  }
  return out;
}

namespace {

bool samePath(std::span<const std::string> pattern, const std::vector<std::string>& path) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (pattern[i] == path[i] || pattern[i] == "<name>" || path[i] == "<name>") continue;
    return false;
  }
  return true;
}

}  // namespace

std::vector<OptionUse> optionUses(const SyntaxTree& file, std::span<const std::string> path) {
  std::vector<OptionUse> out;
  if (!file.parsed() || path.empty()) return out;
  const std::string_view src = file.text();
  for (const ModuleSyntax& m : findModules(file.root(), src)) {
    forEachDefinition(m, src, [&](const DefinitionSite& site) {
      if (site.path.empty() || !samePath(path, lookupPath(site.path))) return;
      out.push_back({site.path.back().range, true});
    });
  }
  forEachRead(file.root(), src, [&](const OptionRead& r) {
    if (r.path.empty() || !samePath(path, lookupPath(r.path))) return;
    if (r.path.back().range.length() == 0) return;
    out.push_back({r.path.back().range, false});
  });
  std::sort(out.begin(), out.end(), [](const OptionUse& a, const OptionUse& b) { return a.range.start < b.range.start; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const OptionUse& a, const OptionUse& b) { return a.range.start == b.range.start; }),
            out.end());
  return out;
}

}  // namespace fw::options
