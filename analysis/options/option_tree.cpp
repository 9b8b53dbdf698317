#include "analysis/options/option_tree.h"

#include <algorithm>

#include "parser/nix_chars.h"

namespace fw::options {

const OptionType* OptionType::nestedType(std::string_view role) const {
  for (const auto& [r, t] : nested)
    if (r == role) return &t;
  return nullptr;
}

bool isNixIdentifier(std::string_view name) {
  // Keywords are identifiers to nixpkgs' regex too; they are never quoted there.
  return nixchars::isIdentifier(name);
}

std::string nixString(std::string_view s) {
  // nixpkgs: escape [ "$" ] (builtins.toJSON s).
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '$': out += "\\$"; break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string showOption(std::span<const std::string> loc) {
  std::string out;
  for (const std::string& part : loc) {
    if (!out.empty()) out += '.';
    if (part == "<name>" || part == "*" || part == "<function body>" || isNixIdentifier(part)) {
      out += part;
    } else {
      out += nixString(part);
    }
  }
  return out;
}

std::vector<std::string> parseOptionPath(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::string part;
    if (s[i] == '"') {
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) {
          ++i;
          part += s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i] == 'r' ? '\r' : s[i];
        } else {
          part += s[i];
        }
        ++i;
      }
      ++i;  // closing quote
    } else if (s[i] == '<') {
      const std::size_t close = s.find('>', i);
      const std::size_t end = close == std::string_view::npos ? s.size() : close + 1;
      part = std::string(s.substr(i, end - i));
      i = end;
    } else {
      const std::size_t dot = s.find('.', i);
      const std::size_t end = dot == std::string_view::npos ? s.size() : dot;
      part = std::string(s.substr(i, end - i));
      i = end;
    }
    out.push_back(std::move(part));
    if (i < s.size() && s[i] == '.') ++i;
  }
  return out;
}

std::string Option::path() const { return showOption(loc); }

const OptionNode* OptionNode::child(std::string_view name) const {
  auto it = children.find(name);
  return it == children.end() ? nullptr : it->second.get();
}

namespace {

// Declarations of one option by several modules become one option: the
// first module's fields, every module's declarations.
void mergeInto(Option& into, Option&& from) {
  for (SourcePos& d : from.declarations)
    if (std::find(into.declarations.begin(), into.declarations.end(), d) == into.declarations.end())
      into.declarations.push_back(std::move(d));
  for (std::string& f : from.declaringFiles)
    if (std::find(into.declaringFiles.begin(), into.declaringFiles.end(), f) == into.declaringFiles.end())
      into.declaringFiles.push_back(std::move(f));
  if (!into.type.known && from.type.known) into.type = std::move(from.type);
  if (!into.defaultValue) into.defaultValue = std::move(from.defaultValue);
  if (!into.example) into.example = std::move(from.example);
  if (!into.description) into.description = std::move(from.description);
  into.readOnly = into.readOnly || from.readOnly;
  into.internal = into.internal || from.internal;
  if (!into.aliasOf) {
    into.aliasOf = std::move(from.aliasOf);
    into.renamed = from.renamed;
  }
  if (!into.removedMessage) into.removedMessage = std::move(from.removedMessage);
}

OptionNode& nodeAt(OptionNode& root, std::span<const std::string> path) {
  OptionNode* n = &root;
  for (const std::string& part : path) {
    auto& slot = n->children[part];
    if (!slot) slot = std::make_unique<OptionNode>();
    n = slot.get();
  }
  return *n;
}

}  // namespace

OptionTree::OptionTree(std::vector<Option> options, std::vector<ModuleFailure> failures,
                       std::vector<std::vector<std::string>> freeformPaths)
    : failures_(std::move(failures)), freeformPaths_(std::move(freeformPaths)) {
  std::stable_sort(options.begin(), options.end(), [](const Option& a, const Option& b) { return a.loc < b.loc; });
  for (Option& o : options) {
    if (!options_.empty() && options_.back().loc == o.loc) {
      mergeInto(options_.back(), std::move(o));
    } else {
      options_.push_back(std::move(o));
    }
  }
  // Sorted by the shown path, as the documentation lists them.
  std::sort(options_.begin(), options_.end(), [](const Option& a, const Option& b) { return a.path() < b.path(); });
  for (const Option& o : options_) nodeAt(root_, o.loc).option = &o;
  for (const auto& p : freeformPaths_) nodeAt(root_, p).freeform = true;
}

const OptionNode* OptionTree::find(std::span<const std::string> path) const {
  const OptionNode* n = &root_;
  for (const std::string& part : path) {
    const OptionNode* next = n->child(part);
    if (!next && part != "*") next = n->child("<name>");
    if (!next) return nullptr;
    n = next;
  }
  return n;
}

const Option* OptionTree::findOption(std::span<const std::string> path) const {
  const OptionNode* n = find(path);
  return n ? n->option : nullptr;
}

const Option* OptionTree::byPath(std::string_view shownPath) const {
  const std::vector<std::string> loc = parseOptionPath(shownPath);
  const OptionNode* n = &root_;
  for (const std::string& part : loc) {
    n = n->child(part);
    if (!n) return nullptr;
  }
  return n->option;
}

std::shared_ptr<const OptionTree> OptionTree::mergedWith(const OptionTree& other) const {
  std::vector<Option> all = options_;
  for (const Option& o : other.options_) {
    const OptionNode* n = &root_;
    for (const std::string& part : o.loc) {
      n = n ? n->child(part) : nullptr;
    }
    if (!n || !n->option) all.push_back(o);
  }
  std::vector<ModuleFailure> failures = failures_;
  failures.insert(failures.end(), other.failures_.begin(), other.failures_.end());
  std::vector<std::vector<std::string>> freeform = freeformPaths_;
  freeform.insert(freeform.end(), other.freeformPaths_.begin(), other.freeformPaths_.end());
  auto tree = std::make_shared<OptionTree>(std::move(all), std::move(failures), std::move(freeform));
  tree->modules = modules;
  return tree;
}

std::size_t OptionTree::memoryBytes() const {
  std::size_t n = sizeof(*this);
  for (const Option& o : options_) {
    n += sizeof(Option) + o.type.description.size() + o.type.name.size();
    for (const std::string& s : o.loc) n += sizeof(std::string) + s.size();
    if (o.description) n += o.description->size();
    if (o.defaultValue) n += o.defaultValue->text.size();
    if (o.example) n += o.example->text.size();
    for (const SourcePos& d : o.declarations) n += sizeof(SourcePos) + d.file.size();
    // The node of each name (map node, unique_ptr, OptionNode).
    n += o.loc.size() * 96;
  }
  return n;
}

}  // namespace fw::options
