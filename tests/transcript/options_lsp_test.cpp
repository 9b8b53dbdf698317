// Option features through the real binary: completion of option names and
// values, hover, go-to-declaration and diagnostics in NixOS modules, and
// the flakewise/optionTree request, with the option tree computed from the
// workspace's modules (a module on disk, imported by an open document).

#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "tests/support/lsp_client.h"

using namespace fw::test;

namespace {

const char* kFooModule = R"({ config, lib, pkgs, ... }:
let
  cfg = config.services.foo;
in
{
  options.services.foo = {
    enable = lib.mkEnableOption "the foo service";
    port = lib.mkOption {
      type = lib.types.port;
      default = 8080;
      description = "Port foo listens on.";
    };
    logLevel = lib.mkOption {
      type = lib.types.enum [ "debug" "info" ];
      default = "info";
      description = "Verbosity.";
    };
    stateDir = lib.mkOption {
      type = lib.types.str;
      default = "/var/lib/foo";
      readOnly = true;
      description = "State.";
    };
    workers = lib.mkOption {
      type = lib.types.nullOr lib.types.int;
      default = null;
      description = "Workers.";
    };
    hosts = lib.mkOption {
      type = lib.types.attrsOf (lib.types.submodule {
        options.root = lib.mkOption { type = lib.types.path; description = "Document root."; };
      });
      default = { };
      description = "Hosts.";
    };
  };
  config = lib.mkIf cfg.enable {
    environment.etc.foo.text = toString cfg.port;
  };
}
)";

struct Marked {
  std::string text;
  json position;
};

// Removes the `$0` marker and returns the text and its LSP position.
Marked mark(const std::string& withMarker) {
  const std::size_t at = withMarker.find("$0");
  REQUIRE(at != std::string::npos);
  Marked m;
  m.text = withMarker.substr(0, at) + withMarker.substr(at + 2);
  int line = 0, col = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if (withMarker[i] == '\n') {
      ++line;
      col = 0;
    } else {
      ++col;
    }
  }
  m.position = {{"line", line}, {"character", col}};
  return m;
}

struct Workspace {
  TempDir dir;
  LspClient client;
  std::string fooPath;
  explicit Workspace(const std::vector<std::pair<std::string, std::string>>& files = {}) {
    fooPath = dir.write("modules/foo.nix", kFooModule);
    for (const auto& [path, text] : files) dir.write(path, text);
    client.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                 {"params", {{"processId", nullptr}, {"rootUri", "file://" + dir.path()}, {"capabilities", json::object()}}}});
    (void)client.waitResponse(1);
    client.notify("initialized", json::object());
  }
  std::string uri(const std::string& rel) const { return "file://" + dir.path() + "/" + rel; }
  // Opens `configuration.nix` with the marked text; returns the position.
  json openConfig(const std::string& marked, int version = 1) {
    const Marked m = mark(marked);
    dir.write("configuration.nix", m.text);
    client.open(uri("configuration.nix"), m.text, version);
    return m.position;
  }
  json at(const std::string& method, const json& position, const std::string& file = "configuration.nix") {
    return client.request(method, {{"textDocument", {{"uri", uri(file)}}}, {"position", position}})["result"];
  }
};

std::vector<std::string> labels(const json& completion) {
  std::vector<std::string> out;
  for (const json& i : completion["items"]) out.push_back(i["label"]);
  std::sort(out.begin(), out.end());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

const std::string kHeader = "{ config, lib, ... }:\n{\n  imports = [ ./modules/foo.nix ];\n";

}  // namespace

TEST_CASE("option completion in nested sets, after a dotted path, in mkIf, mkMerge and mkDefault") {
  Workspace w;
  const json p = w.openConfig(kHeader + "  services = {\n    foo = {\n      $0\n    };\n  };\n}\n");
  const json r = w.at("textDocument/completion", p);
  const auto l = labels(r);
  CHECK(l == std::vector<std::string>{"enable", "hosts", "logLevel", "port", "stateDir", "workers"});
  for (const json& i : r["items"]) {
    if (i["label"] == "port") {
      CHECK(i["detail"] == "16 bit unsigned integer; between 0 and 65535 (both inclusive)");
      const std::string doc = i["documentation"]["value"];
      CHECK(doc.find("Port foo listens on.") != std::string::npos);
      CHECK(doc.find("`8080`") != std::string::npos);
    }
  }

  w.client.change(w.uri("configuration.nix"), 2,
                  json::array({{{"text", mark(kHeader + "  services.foo.$0\n}\n").text}}}));
  const json dotted = w.at("textDocument/completion", mark(kHeader + "  services.foo.$0\n}\n").position);
  CHECK(has(labels(dotted), "port"));

  const std::string inMkIf = kHeader + "  config = lib.mkIf true {\n    services.foo = lib.mkDefault {\n      $0\n    };\n  };\n}\n";
  w.client.change(w.uri("configuration.nix"), 3, json::array({{{"text", mark(inMkIf).text}}}));
  CHECK(has(labels(w.at("textDocument/completion", mark(inMkIf).position)), "logLevel"));

  const std::string inMerge = kHeader + "  config = lib.mkMerge [\n    { services.foo.enable = true; }\n    { services.foo = { $0 }; }\n  ];\n}\n";
  w.client.change(w.uri("configuration.nix"), 4, json::array({{{"text", mark(inMerge).text}}}));
  CHECK(has(labels(w.at("textDocument/completion", mark(inMerge).position)), "workers"));

  const std::string sub = kHeader + "  services.foo.hosts.example = {\n    $0\n  };\n}\n";
  w.client.change(w.uri("configuration.nix"), 5, json::array({{{"text", mark(sub).text}}}));
  CHECK(labels(w.at("textDocument/completion", mark(sub).position)) == std::vector<std::string>{"root"});
}

TEST_CASE("option value completion: enum members, true/false, null, then names in scope") {
  Workspace w;
  // The values the type lists, in order and first; other completion after.
  auto firstLabels = [](const json& completion, std::size_t n) {
    std::vector<std::string> out;
    for (const json& i : completion["items"]) {
      if (out.size() == n) break;
      out.push_back(i["label"]);
    }
    return out;
  };
  const json p = w.openConfig(kHeader + "  services.foo.logLevel = $0;\n}\n");
  const json levels = w.at("textDocument/completion", p);
  CHECK(firstLabels(levels, 2) == std::vector<std::string>{"\"debug\"", "\"info\""});
  CHECK(levels["items"][0]["sortText"] < levels["items"][2].value("sortText", "~"));
  CHECK(has(labels(levels), "lib"));
  const std::string b = kHeader + "  services.foo.enable = $0;\n}\n";
  w.client.change(w.uri("configuration.nix"), 2, json::array({{{"text", mark(b).text}}}));
  CHECK(firstLabels(w.at("textDocument/completion", mark(b).position), 2) == std::vector<std::string>{"true", "false"});
  const std::string n = kHeader + "  services.foo.workers = $0;\n}\n";
  w.client.change(w.uri("configuration.nix"), 3, json::array({{{"text", mark(n).text}}}));
  CHECK(firstLabels(w.at("textDocument/completion", mark(n).position), 1) == std::vector<std::string>{"null"});
}

TEST_CASE("option hover and definition in definitions and in reads") {
  Workspace w;
  const json p = w.openConfig(kHeader + "  services.foo.po$0rt = 80;\n}\n");
  const json h = w.at("textDocument/hover", p);
  REQUIRE(h.is_object());
  const std::string md = h["contents"]["value"];
  CHECK(md.find("**services.foo.port**") != std::string::npos);
  CHECK(md.find("16 bit unsigned integer") != std::string::npos);
  CHECK(md.find("Port foo listens on.") != std::string::npos);
  CHECK(md.find("modules/foo.nix:8") != std::string::npos);
  const json d = w.at("textDocument/definition", p);
  REQUIRE(d.is_array());
  REQUIRE(d.size() == 1);
  CHECK(d[0]["uri"] == "file://" + w.fooPath);
  CHECK(d[0]["range"]["start"]["line"] == 7);
  CHECK(d[0]["range"]["start"]["character"] == 4);

  // Reads in the module itself: `cfg.port` and `config.services.foo.port`.
  w.client.open(w.uri("modules/foo.nix"), kFooModule);
  const std::string foo = kFooModule;
  const std::size_t read = foo.find("cfg.port") + 5;
  int line = static_cast<int>(std::count(foo.begin(), foo.begin() + static_cast<long>(read), '\n'));
  const int col = static_cast<int>(read - foo.rfind('\n', read) - 1);
  const json h2 = w.at("textDocument/hover", {{"line", line}, {"character", col}}, "modules/foo.nix");
  REQUIRE(h2.is_object());
  CHECK(std::string(h2["contents"]["value"]).find("**services.foo.port**") != std::string::npos);
  const json d2 = w.at("textDocument/definition", {{"line", line}, {"character", col}}, "modules/foo.nix");
  REQUIRE(d2.size() == 1);
  CHECK(d2[0]["range"]["start"]["line"] == 7);

  const std::string reader = kHeader + "  environment.etc.x.text = toString config.services.foo.po$0rt;\n}\n";
  w.client.change(w.uri("configuration.nix"), 2, json::array({{{"text", mark(reader).text}}}));
  const json h3 = w.at("textDocument/hover", mark(reader).position);
  REQUIRE(h3.is_object());
  CHECK(std::string(h3["contents"]["value"]).find("**services.foo.port**") != std::string::npos);
}

TEST_CASE("option diagnostics: unknown with did-you-mean, type mismatches, read-only") {
  Workspace w;
  const Marked m = mark(kHeader +
                        "  services.foo = {\n"
                        "    prot = 80;\n"
                        "    enable = \"yes\";\n"
                        "    logLevel = \"trace\";\n"
                        "    stateDir = \"/srv\";\n"
                        "    workers = 4;\n"
                        "  };\n"
                        "  services.foo.port = 70000;\n"
                        "  services.foo.hosts.a.root = ./www;\n"
                        "  services.nginx.enable = true;\n"
                        "}$0\n");
  w.dir.write("configuration.nix", m.text);
  w.client.open(w.uri("configuration.nix"), m.text);
  const json diags = w.client.waitDiagnostics(w.uri("configuration.nix"))["params"]["diagnostics"];
  std::vector<std::string> got;
  for (const json& d : diags) {
    if (std::string(d["code"]).starts_with("option-"))
      got.push_back(std::to_string(d["range"]["start"]["line"].get<int>()) + " " + std::string(d["code"]) + ": " +
                    std::string(d["message"]));
  }
  CHECK(got == std::vector<std::string>{
                   "4 option-unknown: no option `services.foo.prot' is declared; did you mean `services.foo.port'?",
                   "5 option-type-mismatch: the option `services.foo.enable' is boolean; this value is a string",
                   "6 option-type-mismatch: the option `services.foo.logLevel' is one of \"debug\", \"info\"; "
                   "\"trace\" is not one of them",
                   "7 option-read-only: the option `services.foo.stateDir' is read-only; modules cannot define it",
                   "10 option-type-mismatch: the option `services.foo.port' is 16 bit unsigned integer; between 0 and 65535 "
                   "(both inclusive); 70000 is out of range",
               });
}

TEST_CASE("flakewise/optionTree answers the options as the JSON CLI prints them") {
  Workspace w;
  (void)w.openConfig(kHeader + "$0}\n");
  const json all = w.client.request("flakewise/optionTree", json::object())["result"];
  REQUIRE(all.is_array());
  std::vector<std::string> paths;
  for (const json& o : all) paths.push_back(o["path"]);
  CHECK(paths == std::vector<std::string>{"services.foo.enable", "services.foo.hosts", "services.foo.hosts.<name>.root",
                                         "services.foo.logLevel", "services.foo.port", "services.foo.stateDir",
                                         "services.foo.workers"});
  const json some = w.client.request("flakewise/optionTree", {{"prefix", "services.foo.hosts"}})["result"];
  REQUIRE(some.size() == 2);
  CHECK(some[1]["path"] == "services.foo.hosts.<name>.root");
  CHECK(some[1]["type"] == "path");
  CHECK(some[0]["declarations"][0]["file"] == w.fooPath);
  const json bad = w.client.request("flakewise/optionTree", {{"prefix", 3}});
  CHECK(bad["error"]["code"] == -32602);
}

TEST_CASE("the option tree follows edits of declarations, and diagnostics elsewhere are published again") {
  Workspace w;
  const Marked m = mark(kHeader + "  services.foo.extra = 1;\n  services.foo = { $0 };\n}\n");
  w.dir.write("configuration.nix", m.text);
  w.client.open(w.uri("configuration.nix"), m.text);
  json diags = w.client.waitDiagnostics(w.uri("configuration.nix"))["params"]["diagnostics"];
  REQUIRE(diags.size() == 1);
  CHECK(diags[0]["code"] == "option-unknown");
  CHECK(!has(labels(w.at("textDocument/completion", m.position)), "extra"));

  // Declare `extra` in the (open, unsaved) module.
  std::string foo = kFooModule;
  const std::string anchor = "    port = lib.mkOption {";
  foo.insert(foo.find(anchor), "    extra = lib.mkOption { type = lib.types.int; description = \"Extra.\"; };\n");
  w.client.open(w.uri("modules/foo.nix"), foo);
  (void)w.client.waitDiagnostics(w.uri("modules/foo.nix"));
  const json completion = w.at("textDocument/completion", m.position);
  CHECK(has(labels(completion), "extra"));
  // configuration.nix is checked again against the new tree.
  diags = w.client.waitDiagnostics(w.uri("configuration.nix"))["params"]["diagnostics"];
  CHECK(diags.empty());

  // A type the definition does not fit.
  w.client.change(w.uri("modules/foo.nix"), 2,
                  json::array({{{"text", std::string(kFooModule).insert(std::string(kFooModule).find(anchor),
                                                                         "    extra = lib.mkOption { type = lib.types.str; };\n")}}}));
  (void)w.client.waitDiagnostics(w.uri("modules/foo.nix"), 2);
  // Asking for something in a module computes the tree again.
  (void)w.at("textDocument/completion", m.position);
  diags = w.client.waitDiagnostics(w.uri("configuration.nix"))["params"]["diagnostics"];
  REQUIRE(diags.size() == 1);
  CHECK(diags[0]["code"] == "option-type-mismatch");
}

TEST_CASE("options declared by a flake's nixosModules, inline and imported") {
  const std::string flake =
      "{\n  outputs = { self }: {\n"
      "    nixosModules.default = { lib, ... }: {\n"
      "      options.programs.bar.enable = lib.mkEnableOption \"bar\";\n"
      "    };\n"
      "    nixosModules.more = { imports = [ ./more.nix ]; };\n"
      "  };\n}\n";
  const std::string more =
      "{ lib, ... }: { options.programs.bar.level = lib.mkOption { type = lib.types.int; default = 3; }; }\n";
  Workspace w({{"flake.nix", flake}, {"more.nix", more}});
  const RunResult r = run({flakewiseBinary(), "options", "--format", "json", w.dir.path() + "/flake.nix"});
  CHECK(r.code == 0);
  const json tree = json::parse(r.out);
  std::vector<std::string> paths;
  for (const json& o : tree) paths.push_back(o["path"]);
  CHECK(paths == std::vector<std::string>{"programs.bar.enable", "programs.bar.level"});

  // The server finds them through the workspace index (built in the
  // background after `initialized`; asked again until it is).
  std::vector<std::string> fromServer;
  for (int attempt = 0; attempt < 100 && fromServer.size() < 2; ++attempt) {
    if (attempt) std::this_thread::sleep_for(50ms);
    fromServer.clear();
    const json c = w.client.request("flakewise/optionTree", {{"prefix", "programs.bar"}})["result"];
    for (const json& o : c) fromServer.push_back(o["path"]);
  }
  CHECK(fromServer == std::vector<std::string>{"programs.bar.enable", "programs.bar.level"});
}

TEST_CASE("a configured NixOS options.json adds its options under the workspace's") {
  TempDir d;
  d.write("nixos-options.json", R"({
  "services.nginx.enable": {
    "declarations": ["nixos/modules/services/web-servers/nginx/default.nix"],
    "default": {"_type": "literalExpression", "text": "false"},
    "description": "Whether to enable Nginx Web Server.",
    "loc": ["services", "nginx", "enable"], "readOnly": false, "type": "boolean"
  },
  "services.nginx.recommendedGzipSettings": {
    "declarations": ["nixos/modules/services/web-servers/nginx/default.nix"],
    "default": {"_type": "literalExpression", "text": "false"},
    "description": "Enable recommended gzip settings.",
    "loc": ["services", "nginx", "recommendedGzipSettings"], "readOnly": false, "type": "boolean"
  },
  "services.nginx.logError": {
    "declarations": ["nixos/modules/services/web-servers/nginx/default.nix"],
    "default": {"_type": "literalExpression", "text": "\"stderr\""},
    "description": "Where to log errors.",
    "loc": ["services", "nginx", "logError"], "readOnly": false, "type": "string"
  }
})");
  d.write(".flakewise.json", R"({ "options": { "json": "nixos-options.json" } })");
  LspClient c;
  c.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
          {"params", {{"processId", nullptr}, {"rootUri", "file://" + d.path()}, {"capabilities", json::object()}}}});
  (void)c.waitResponse(1);
  c.notify("initialized", json::object());
  const Marked m = mark("{ config, lib, ... }:\n{\n  services.nginx.enabel = true;\n  services.nginx.logError = 3;\n"
                        "  services.nginx = { $0 };\n}\n");
  const std::string uri = "file://" + d.path() + "/configuration.nix";
  d.write("configuration.nix", m.text);
  c.open(uri, m.text);
  const json diags = c.waitDiagnostics(uri)["params"]["diagnostics"];
  std::vector<std::string> got;
  for (const json& x : diags) got.push_back(std::string(x["code"]) + ": " + std::string(x["message"]));
  CHECK(got == std::vector<std::string>{
                   "option-unknown: no option `services.nginx.enabel' is declared; did you mean `services.nginx.enable'?",
                   "option-type-mismatch: the option `services.nginx.logError' is string; this value is an integer"});
  const json r = c.request("textDocument/completion", {{"textDocument", {{"uri", uri}}}, {"position", m.position}})["result"];
  CHECK(labels(r) == std::vector<std::string>{"enable", "logError", "recommendedGzipSettings"});
  const json tree = c.request("flakewise/optionTree", {{"prefix", "services.nginx"}})["result"];
  REQUIRE(tree.size() == 3);
  CHECK(tree[0]["description"] == "Whether to enable Nginx Web Server.");
}

TEST_CASE("references of an option: declaration, definitions and reads across the workspace") {
  Workspace w(std::vector<std::pair<std::string, std::string>>{{"other.nix", "{ config, ... }: {\n  services.foo = {\n    port = 81;\n  };\n"
                             "  x = config.services.foo.port;\n}\n"}});
  const json p = w.openConfig(kHeader + "  services.foo.po$0rt = 80;\n}\n");
  std::vector<std::string> got;
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (attempt) std::this_thread::sleep_for(50ms);
    const json refs = w.client.request("textDocument/references",
                                       {{"textDocument", {{"uri", w.uri("configuration.nix")}}},
                                        {"position", p},
                                        {"context", {{"includeDeclaration", true}}}})["result"];
    got.clear();
    for (const json& r : refs) {
      std::string file = r["uri"];
      file = file.substr(file.rfind('/') + 1);
      got.push_back(file + ":" + std::to_string(r["range"]["start"]["line"].get<int>()) + ":" +
                    std::to_string(r["range"]["start"]["character"].get<int>()));
    }
    std::sort(got.begin(), got.end());
    if (got.size() >= 5) break;  // other.nix is indexed in the background
  }
  std::string all;
  for (const std::string& g : got) all += g + " ";
  INFO(all);
  CHECK(got == std::vector<std::string>{"configuration.nix:3:15", "foo.nix:37:44", "foo.nix:7:4", "other.nix:2:4",
                                       "other.nix:4:26"});
}

TEST_CASE("hover on an option's name where it is declared") {
  Workspace w;
  w.client.open(w.uri("modules/foo.nix"), kFooModule);
  const json h = w.at("textDocument/hover", {{"line", 7}, {"character", 6}}, "modules/foo.nix");  // `port = lib.mkOption`
  REQUIRE(h.is_object());
  const std::string md = h["contents"]["value"];
  CHECK(md.find("**services.foo.port**") != std::string::npos);
  CHECK(md.find("*Default:* `8080`") != std::string::npos);
  CHECK(h["range"]["start"]["character"] == 4);
}

TEST_CASE("options.nixos computes NixOS's option set with nix-instantiate in a child process, cached on disk") {
  // A stand-in nixpkgs (no nixpkgs on the test machines): the built-in lib
  // as nixpkgs/lib, and a nixos/lib/eval-config.nix over one module.
  TempDir d;
  const std::string lib = std::string(FLAKEWISE_SOURCE_DIR) + "/analysis/options/nix/lib";
  for (const char* f : {"default.nix", "attrsets.nix", "generators.nix", "lists.nix", "meta.nix", "modules.nix",
                        "options.nix", "strings.nix", "trivial.nix", "types.nix"}) {
    const RunResult cat = run({"cat", lib + "/" + f});
    REQUIRE(cat.code == 0);
    d.write(std::string("nixpkgs/lib/") + f, cat.out);
  }
  d.write("nixpkgs/nixos/lib/eval-config.nix",
          "{ modules ? [ ], ... }:\nlet lib = import ../../lib; in\n"
          "lib.evalModules { modules = modules ++ [ ../modules/nginx.nix ]; }\n");
  d.write("nixpkgs/nixos/modules/nginx.nix",
          "{ lib, ... }: {\n  options.services.nginx.enable = lib.mkEnableOption \"Nginx\";\n"
          "  options.services.nginx.logError = lib.mkOption { type = lib.types.str; default = \"stderr\"; "
          "description = \"Where to log errors.\"; };\n}\n");
  d.write("ws/.flakewise.json", "{ \"options\": { \"nixos\": true, \"nixpkgs\": \"../nixpkgs\" } }\n");
  ::setenv("XDG_CACHE_HOME", (d.path() + "/cache").c_str(), 1);
  LspClient c;
  c.send({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
          {"params", {{"processId", nullptr}, {"rootUri", "file://" + d.path() + "/ws"}, {"capabilities", json::object()}}}});
  (void)c.waitResponse(1);
  c.notify("initialized", json::object());
  const std::string text = "{ config, lib, ... }:\n{\n  services.nginx.logError = 3;\n  services.nginx.enabel = true;\n}\n";
  const std::string uri = "file://" + d.path() + "/ws/configuration.nix";
  d.write("ws/configuration.nix", text);
  c.open(uri, text);
  // Published first without NixOS's options, again once they are computed.
  std::vector<std::string> got;
  for (int i = 0; i < 10 && got.size() < 2; ++i) {
    const json diags = c.waitDiagnostics(uri, std::nullopt, 30s)["params"]["diagnostics"];
    got.clear();
    for (const json& x : diags) got.push_back(std::string(x["code"]) + ": " + std::string(x["message"]));
  }
  CHECK(got == std::vector<std::string>{
                   "option-type-mismatch: the option `services.nginx.logError' is string; this value is an integer",
                   "option-unknown: no option `services.nginx.enabel' is declared; did you mean `services.nginx.enable'?"});
  const RunResult ls = run({"/bin/sh", "-c", "ls " + d.path() + "/cache/flakewise"});
  CHECK(ls.out.starts_with("nixos-options-"));
  CHECK(ls.out.find(".json") != std::string::npos);
}
