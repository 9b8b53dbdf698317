// Option features over syntax and a hand-made option tree: the context at
// an offset (names, values, reads), completion, hover, literal checks and
// diagnostics, and the schema fingerprint.

#include <doctest/doctest.h>

#include "analysis/options/discover.h"
#include "analysis/options/module_syntax.h"
#include "analysis/options/option_features.h"
#include "parser/document_view.h"

using namespace fw;
using namespace fw::options;

namespace {

struct At {
  DocumentViewPtr view;
  ByteOffset offset = 0;
};

At at(const std::string& marked) {
  const std::size_t p = marked.find("$0");
  REQUIRE(p != std::string::npos);
  At a;
  a.view = DocumentView::exact(SyntaxTree::parse(marked.substr(0, p) + marked.substr(p + 2)));
  a.offset = static_cast<ByteOffset>(p);
  return a;
}

std::string describe(const OptionContext& c) {
  const char* kinds[] = {"none", "name", "value", "read"};
  std::string out = kinds[static_cast<int>(c.kind)];
  out += " ";
  for (const PathSegment& s : c.path) out += s.name + ".";
  if (c.kind == OptionContext::Kind::Name || c.kind == OptionContext::Kind::Read) out += "[" + c.typed + "]";
  return out;
}

std::string contextAt(const std::string& marked) {
  const At a = at(marked);
  return describe(optionContextAt(*a.view, a.offset));
}

Option option(const std::string& path, const std::string& typeName, const std::string& description) {
  Option o;
  o.loc = parseOptionPath(path);
  o.type.name = typeName;
  o.type.description = description;
  o.declarations.push_back({"/ws/foo.nix", {10, 14}, 3, 5});
  o.declaringFiles.push_back("/ws/foo.nix");
  return o;
}

std::shared_ptr<OptionTree> fooTree() {
  std::vector<Option> opts;
  opts.push_back(option("services.foo.enable", "bool", "boolean"));
  Option port = option("services.foo.port", "unsignedInt16", "16 bit unsigned integer; between 0 and 65535 (both inclusive)");
  port.type.min = 0;
  port.type.max = 65535;
  port.defaultValue = Literal{Literal::Kind::Expression, "80"};
  port.description = "The port.";
  opts.push_back(port);
  Option level = option("services.foo.level", "enum", "one of \"a\", \"b\"");
  level.type.enumValues = {{EnumValue::Kind::String, "a"}, {EnumValue::Kind::String, "b"}};
  opts.push_back(level);
  Option list = option("services.foo.names", "listOf", "list of string");
  OptionType str;
  str.name = "str";
  str.description = "string";
  list.type.nested.emplace_back("elemType", str);
  opts.push_back(list);
  opts.push_back(option("services.foo.hosts.<name>.root", "path", "path"));
  return std::make_shared<OptionTree>(std::move(opts));
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("options: context at an offset") {
  const std::string h = "{ config, lib, ... }:\n{\n";
  CHECK(contextAt(h + "  services.foo = { $0 };\n}\n") == "name services.foo.[]");
  CHECK(contextAt(h + "  services.foo = { po$0 };\n}\n") == "name services.foo.[po]");
  CHECK(contextAt(h + "  services.foo.po$0rt = 1;\n}\n") == "name services.foo.[po]");
  CHECK(contextAt(h + "  services.foo.port = 1$0;\n}\n") == "value services.foo.port.");
  CHECK(contextAt(h + "  services.foo.level = $0;\n}\n") == "value services.foo.level.");
  CHECK(contextAt(h + "  services.foo.$0\n}\n") == "name services.foo.[]");
  CHECK(contextAt(h + "  config = lib.mkIf true { services = { foo.$0 }; };\n}\n") == "name services.foo.[]");
  CHECK(contextAt(h + "  x = config.services.foo.p$0ort;\n}\n") == "read services.foo.port.[p]");
  CHECK(contextAt("{ config, ... }:\nlet cfg = config.services.foo; in {\n  x = cfg.p$0ort;\n}\n") ==
        "read services.foo.port.[p]");
  CHECK(contextAt("let x = 1; in x + $0 1\n") == "none ");
}

TEST_CASE("options: completion, hover and literal checks over a tree") {
  auto tree = fooTree();
  const std::string h = "{ config, lib, ... }:\n{\n";
  At a = at(h + "  services.foo = { $0 };\n}\n");
  auto c = completeOption(*a.view, a.offset, *tree);
  REQUIRE(c);
  std::vector<std::string> labels;
  for (const auto& i : c->items) labels.push_back(i.label);
  CHECK(labels == std::vector<std::string>{"enable", "hosts", "level", "names", "port"});

  a = at(h + "  services.foo.level = $0;\n}\n");
  c = completeOption(*a.view, a.offset, *tree);
  REQUIRE(c);
  labels.clear();
  for (const auto& i : c->items) labels.push_back(i.label);
  CHECK(labels == std::vector<std::string>{"\"a\"", "\"b\""});

  a = at(h + "  services.foo.po$0rt = 1;\n}\n");
  auto hv = hoverOption(*a.view, a.offset, *tree);
  REQUIRE(hv);
  CHECK(hv->markdown ==
        "**services.foo.port**\n\n*Type:* 16 bit unsigned integer; between 0 and 65535 (both inclusive)\n\n"
        "*Default:* `80`\n\nThe port.\n\n*Declared in* [`ws/foo.nix:3`](file:///ws/foo.nix#L3)");

  const SyntaxTreePtr file = SyntaxTree::parse(h +
                                               "  services.foo = {\n    port = -1;\n    names = [ \"a\" 2 ];\n"
                                               "    level = \"b\";\n    enable = if true then false else 3;\n"
                                               "    hosts.x.root = \"relative\";\n    hosts.y.rot = /x;\n  };\n}\n");
  std::string got;
  for (const Diagnostic& d : optionDiagnostics(*file, *tree)) got += d.code + ": " + d.message + "\n";
  CHECK(got == join({
                   "option-type-mismatch: the option `services.foo.port' is 16 bit unsigned integer; between 0 and 65535 "
                   "(both inclusive); -1 is out of range",
                   "option-type-mismatch: the option `services.foo.names' is list of string; an element is "
                   "an integer",
                   "option-type-mismatch: the option `services.foo.enable' is boolean; this value is an integer",
                   "option-type-mismatch: the option `services.foo.hosts.x.root' is path; this value is a string that is "
                   "not an absolute path",
                   "option-unknown: no option `services.foo.hosts.y.rot' is declared; did you mean "
                   "`services.foo.hosts.y.root'?",
               }));
}

TEST_CASE("options: the schema fingerprint ignores edits inside definitions") {
  auto fp = [](const std::string& text) { return schemaFingerprint(*SyntaxTree::parse(text)); };
  const std::string a = "{ lib, ... }: { options.x = lib.mkOption { }; config = { y = 1; }; }\n";
  const std::string b = "{ lib, ... }: { options.x = lib.mkOption { }; config = { y = 2; z = 3; }; }\n";
  const std::string c = "{ lib, ... }: { options.x = lib.mkOption { default = 1; }; config = { y = 1; }; }\n";
  CHECK(fp(a) == fp(b));
  CHECK(fp(a) != fp(c));
  // Shorthand modules: definitions out, imports in.
  CHECK(fp("{ ... }: { imports = [ ./a.nix ]; services.x.enable = true; }\n") ==
        fp("{ ... }: { imports = [ ./a.nix ]; services.x.enable = false; networking.y = 1; }\n"));
  CHECK(fp("{ ... }: { imports = [ ./a.nix ]; }\n") != fp("{ ... }: { imports = [ ./b.nix ]; }\n"));
}

TEST_CASE("options: module roots of a flake's nixosModules") {
  const auto tree = SyntaxTree::parse(
      "{\n  outputs = { self }: {\n    nixosModules.default = { lib, ... }: {\n"
      "      options.programs.bar.enable = lib.mkEnableOption \"bar\";\n    };\n"
      "    nixosModules.more = { imports = [ ./more.nix ]; };\n    nixosModules.plain = { services.x.enable = true; };\n  };\n}\n");
  const auto roots = moduleRootsOf("/ws/flake.nix", *tree);
  REQUIRE(roots.size() == 2);
  CHECK(roots[0].range->start == 53);
  CHECK(std::string(tree->text().substr(roots[1].range->start, 10)) == "{ imports ");
}

TEST_CASE("options: renamed and removed options, reads through cfg and inherit") {
  std::vector<Option> opts;
  opts.push_back(option("services.foo.port", "unsignedInt16", "16 bit unsigned integer; between 0 and 65535 (both inclusive)"));
  Option renamed = option("services.foo.listenPort", "unsignedInt16", "16 bit unsigned integer; between 0 and 65535 (both inclusive)");
  renamed.aliasOf = parseOptionPath("services.foo.port");
  renamed.renamed = true;
  renamed.visible = Visibility::Hidden;
  opts.push_back(renamed);
  Option removed = option("services.foo.legacy", "unspecified", "unspecified value");
  removed.removedMessage = "The option `services.foo.legacy' can no longer be used since it's been removed. Use x.";
  removed.visible = Visibility::Hidden;
  opts.push_back(removed);
  opts.push_back(option("services.foo.enable", "bool", "boolean"));
  const OptionTree tree(std::move(opts));

  const SyntaxTreePtr file = SyntaxTree::parse(
      "{ lib, ... }: {\n  services.foo.listenPort = 80;\n  services.foo.legacy = true;\n}\n");
  std::string got;
  for (const Diagnostic& d : optionDiagnostics(*file, tree))
    got += d.code + " " + severityName(d.severity) + ": " + d.message + "\n";
  CHECK(got ==
        "option-renamed warning: the option `services.foo.listenPort' was renamed to `services.foo.port'\n"
        "option-removed error: The option `services.foo.legacy' can no longer be used since it's been removed. Use x.\n");

  // Completion after `cfg.` (a read) leaves out hidden options.
  At a = at("{ config, lib, ... }:\nlet cfg = config.services.foo; in {\n  x = cfg.$0;\n}\n");
  auto c = completeOption(*a.view, a.offset, tree);
  REQUIRE(c);
  std::vector<std::string> labels;
  for (const auto& i : c->items) labels.push_back(i.label);
  CHECK(labels == std::vector<std::string>{"enable", "port"});

  a = at("{ config, lib, ... }:\nlet inherit (config.services.foo) po$0rt; in {\n  x = port;\n}\n");
  auto h = hoverOption(*a.view, a.offset, tree);
  REQUIRE(h);
  CHECK(h->markdown.starts_with("**services.foo.port**"));
}

TEST_CASE("options: no option-unknown under option sets of a module that failed part-way, list elements") {
  std::vector<Option> opts;
  opts.push_back(option("services.foo.enable", "bool", "boolean"));
  opts.push_back(option("services.foo.hosts.*.path", "str", "string"));
  const SyntaxTreePtr file = SyntaxTree::parse("{ ... }: {\n  services.foo.enabel = true;\n}\n");
  {
    const OptionTree tree(opts);
    CHECK(optionDiagnostics(*file, tree).size() == 1);
  }
  {
    const OptionTree tree(opts, {ModuleFailure{"/ws/foo.nix", "options.services.foo.port: boom", std::nullopt}});
    CHECK(optionDiagnostics(*file, tree).empty());
  }
  const OptionTree tree(opts);
  At a = at("{ ... }: {\n  services.foo.hosts = [ { $0 } ];\n}\n");
  auto c = completeOption(*a.view, a.offset, tree);
  REQUIRE(c);
  REQUIRE(c->items.size() == 1);
  CHECK(c->items[0].label == "path");
}

TEST_CASE("options: hover on names in declarations") {
  auto tree = fooTree();
  At a = at("{ lib, ... }: {\n  options.services.foo = lib.genAttrs [ ] (x: x) // {\n"
            "    po$0rt = lib.mkOption { type = lib.types.port; };\n  };\n}\n");
  auto h = hoverOption(*a.view, a.offset, *tree);
  REQUIRE(h);
  CHECK(h->markdown.starts_with("**services.foo.port**"));
  a = at("{ lib, ... }: {\n  options = {\n    services.f$0oo.enable = lib.mkEnableOption \"foo\";\n  };\n}\n");
  h = hoverOption(*a.view, a.offset, *tree);
  REQUIRE(h);
  CHECK(h->markdown.starts_with("**services.foo**"));
  // Inside mkOption's arguments: not a declaration name.
  a = at("{ lib, ... }: {\n  options.services.foo.port = lib.mkOption { ty$0pe = lib.types.port; };\n}\n");
  CHECK_FALSE(hoverOption(*a.view, a.offset, *tree));
}
