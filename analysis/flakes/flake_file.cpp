#include "analysis/flakes/flake_file.h"

#include <algorithm>

#include "analysis/packages/nix_syntax.h"
#include "analysis/syntax_helpers.h"

namespace fw::flakes {

const FlakeInputDecl::Attr* FlakeInputDecl::attr(std::string_view n) const {
  for (const Attr& a : attrs)
    if (a.name == n) return &a;
  return nullptr;
}

const FlakeInputDecl* FlakeFile::input(std::string_view name) const {
  for (const FlakeInputDecl& i : inputs)
    if (i.name == name) return &i;
  return nullptr;
}

const FlakeFormal* FlakeFile::formal(std::string_view name) const {
  for (const FlakeFormal& f : formals)
    if (f.name == name) return &f;
  return nullptr;
}

namespace {

std::string_view fileName(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool isFlakeNix(std::string_view path) { return fileName(path) == "flake.nix"; }
bool isFlakeLock(std::string_view path) { return fileName(path) == "flake.lock"; }

std::string siblingLock(std::string_view p) {
  return std::string(p.substr(0, p.size() - fileName(p).size())) + "flake.lock";
}
std::string siblingFlake(std::string_view p) {
  return std::string(p.substr(0, p.size() - fileName(p).size())) + "flake.nix";
}

FlakeFile readFlake(const SyntaxTree& tree) {
  FlakeFile f;
  const Symbols& s = syms();
  const std::string_view src = tree.text();
  Node root;
  forEachChild(tree.root(), [&](Node c, TSFieldId) {
    if (c.isNamed() && !c.is(s.comment)) {
      root = c;
      return false;
    }
    return true;
  });
  root = unwrapParens(root);
  if (!root || !isSetLiteral(root)) return f;
  f.isAttrset = true;
  f.root = root;
  for (const DirectBinding& d : directBindings(root, src)) {
    f.top.push_back({std::string(d.name), d.nameRange, d.value, d.binding});
    if (d.name == "inputs") f.inputsRange = d.nameRange;
  }

  auto inputNamed = [&](std::string_view name, ByteRange range) -> FlakeInputDecl& {
    for (FlakeInputDecl& i : f.inputs) {
      if (i.name == name) {
        if (std::find(i.nameRanges.begin(), i.nameRanges.end(), range) == i.nameRanges.end())
          i.nameRanges.push_back(range);
        return i;
      }
    }
    FlakeInputDecl d;
    d.name = std::string(name);
    d.nameRange = range;
    d.nameRanges.push_back(range);
    f.inputs.push_back(std::move(d));
    return f.inputs.back();
  };

  flattenBindings(root, src, [&](const FlatBinding& b) {
    if (b.path.empty()) return;
    if (b.path[0] == "outputs" && b.path.size() == 1 && b.value) {
      f.outputsValue = b.value;
      f.outputsNameRange = b.pathRanges[0];
    }
    if (b.path[0] != "inputs" || b.path.size() < 2) return;
    FlakeInputDecl& in = inputNamed(b.path[1], b.pathRanges[1]);
    if (b.binding.end() > in.declEnd.end) in.declEnd = {b.binding.end(), b.binding.end()};
    if (b.path.size() == 2) return;  // inputs.x = <something that is not a set literal>
    const std::string_view key = b.path[2];
    const std::optional<StringLiteral> lit = b.value ? stringLiteral(b.value, src) : std::nullopt;
    if (b.path.size() == 3) {
      if (key == "url") {
        in.urlNode = b.value;
        if (lit) {
          in.url = lit->value;
          in.urlRange = lit->content;
        } else {
          in.urlDynamic = true;
          if (b.value) in.urlRange = b.value.range();
          // An unquoted URL literal (`github:NixOS/nixpkgs`) is fine too.
          if (b.value && b.value.is(s.uri_expression)) {
            in.url = std::string(b.value.text(src));
            in.urlRange = b.value.range();
            in.urlDynamic = false;
          }
        }
        return;
      }
      if (key == "follows") {
        if (lit) {
          in.follows = lit->value;
          in.followsRange = lit->content;
        }
        return;
      }
      FlakeInputDecl::Attr a;
      a.name = std::string(key);
      a.nameRange = b.pathRanges[2];
      a.valueNode = b.value;
      if (lit) {
        a.value = lit->value;
        a.valueRange = lit->content;
      } else if (b.value && b.value.is(s.variable_expression) &&
                 (b.value.text(src) == "true" || b.value.text(src) == "false")) {
        a.value = std::string(b.value.text(src));
        a.valueRange = b.value.range();
      } else if (b.value) {
        a.valueRange = b.value.range();
      }
      if (key == "flake" && a.value == "false") in.flake = false;
      in.attrs.push_back(std::move(a));
      return;
    }
    if (key == "inputs" && b.path.size() >= 4) {
      // inputs.x.inputs.<y>[.inputs.<z>…].follows / .url / …
      FlakeInputOverride o;
      std::size_t i = 3;
      o.path.emplace_back(b.path[i]);
      o.nameRange = b.pathRanges[i];
      ++i;
      while (i + 1 < b.path.size() && b.path[i] == "inputs") {
        o.path.emplace_back(b.path[i + 1]);
        o.nameRange = b.pathRanges[i + 1];
        i += 2;
      }
      if (i < b.path.size() && b.path[i] == "follows" && lit) {
        o.follows = lit->value;
        o.followsRange = lit->content;
      }
      in.overrides.push_back(std::move(o));
    }
  });

  const Node fn = unwrapParens(f.outputsValue);
  if (fn && fn.is(s.function_expression)) {
    f.outputsFunction = fn;
    f.outputsBody = fn.field(fields().body);
    if (const Node u = fn.field(fields().universal)) {
      f.argName = std::string(u.text(src));
      f.argRange = u.range();
    }
    if (const Node formals = fn.field(fields().formals)) {
      f.outputsHasFormals = true;
      forEachChild(formals, [&](Node c, TSFieldId) {
        if (c.is(s.formal)) {
          const Node name = c.field(fields().name);
          if (name && !name.isMissing())
            f.formals.push_back({std::string(name.text(src)), name.range(), static_cast<bool>(c.field(fields().default_))});
        } else if (c.is(s.ellipses)) {
          f.outputsEllipsis = true;
        }
        return true;
      });
    }
  }
  return f;
}

}  // namespace fw::flakes
