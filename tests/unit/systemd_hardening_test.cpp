// NixOS modules: systemd services without basic sandboxing.

#include <doctest/doctest.h>

#include "analysis/services/systemd_hardening.h"

using namespace fw;
using namespace fw::services;

namespace {

std::vector<std::string> messages(const std::string& text) {
  const SyntaxTreePtr t = SyntaxTree::parse(text);
  std::vector<std::string> out;
  for (const Diagnostic& d : hardeningDiagnostics(*t))
    out.push_back(t->text().substr(d.range.start, d.range.length()) + ": " + d.message);
  return out;
}

std::string fixed(const std::string& text) {
  const SyntaxTreePtr t = SyntaxTree::parse(text);
  const auto diags = hardeningDiagnostics(*t);
  if (diags.empty()) return "(no diagnostic)";
  const auto actions = hardeningCodeActions(*t, diags[0].range, diags);
  if (actions.empty()) return "(no action)";
  std::string out = text;
  for (auto it = actions[0].edits.rbegin(); it != actions[0].edits.rend(); ++it)
    out.replace(it->range.start, it->range.length(), it->text);
  return out;
}

}  // namespace

TEST_CASE("systemd hardening: root services without the basics") {
  const std::string module = R"({ config, lib, pkgs, ... }:
{
  config = lib.mkIf config.services.x.enable {
    systemd.services.x = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig = {
        ExecStart = "${pkgs.hello}/bin/hello";
        PrivateTmp = true;
      };
    };
  };
}
)";
  CHECK(messages(module) == std::vector<std::string>{
                                "x: systemd service 'x' runs as root without NoNewPrivileges, ProtectSystem, ProtectHome; "
                                "add them to serviceConfig, or run it as DynamicUser or a dedicated User"});
  CHECK(fixed(module) == R"({ config, lib, pkgs, ... }:
{
  config = lib.mkIf config.services.x.enable {
    systemd.services.x = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig = {
        ExecStart = "${pkgs.hello}/bin/hello";
        PrivateTmp = true;
        NoNewPrivileges = true;
        ProtectSystem = "strict";
        ProtectHome = true;
      };
    };
  };
}
)");
}

TEST_CASE("systemd hardening: DynamicUser, a dedicated User, opaque configs and dotted forms") {
  CHECK(messages("{ systemd.services.a.serviceConfig = { DynamicUser = true; }; }").empty());
  CHECK(messages("{ systemd.services.a.serviceConfig.User = \"a\"; }").empty());
  CHECK(messages("{ cfg }: { systemd.services.a.serviceConfig = { User = cfg.user; }; }").empty());
  CHECK(messages("{ hardening }: { systemd.services.a.serviceConfig = hardening // { ExecStart = \"x\"; }; }").empty());
  CHECK(messages("{ systemd.services.a.serviceConfig = { User = \"root\"; ExecStart = \"x\"; }; }").size() == 1);
  // Keys spread over dotted bindings count together.
  CHECK(messages("{ systemd.services.a.script = \"x\";\n"
                 "  systemd.services.a.serviceConfig.NoNewPrivileges = true;\n"
                 "  systemd.services.a.serviceConfig.ProtectSystem = \"full\";\n"
                 "  systemd.services.a.serviceConfig.ProtectHome = true;\n"
                 "  systemd.services.a.serviceConfig.PrivateTmp = true; }")
            .empty());
  // No serviceConfig at all: the fix adds one.
  CHECK(fixed("{\n  systemd.services.b = {\n    script = \"run\";\n  };\n}\n") ==
        "{\n  systemd.services.b = {\n    script = \"run\";\n    serviceConfig = {\n      NoNewPrivileges = true;\n"
        "      ProtectSystem = \"strict\";\n      ProtectHome = true;\n      PrivateTmp = true;\n    };\n  };\n}\n");
  CHECK(fixed("{ systemd.services.c.serviceConfig = { ExecStart = \"x\"; }; }") ==
        "{ systemd.services.c.serviceConfig = { ExecStart = \"x\"; NoNewPrivileges = true; ProtectSystem = \"strict\"; "
        "ProtectHome = true; PrivateTmp = true; }; }");
}
