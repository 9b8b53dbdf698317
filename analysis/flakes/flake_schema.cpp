#include "analysis/flakes/flake_schema.h"

#include <algorithm>
#include <array>
#include <vector>

namespace fw::flakes {

namespace {

constexpr std::array kTopLevel = {
    SchemaEntry{"description", "string",
                "A one-line summary of the flake, shown by `nix flake metadata` and `nix flake show`."},
    SchemaEntry{"inputs", "attribute set",
                "The flake's dependencies by name. Each is a flake reference (`inputs.nixpkgs.url = "
                "\"github:NixOS/nixpkgs/nixos-24.05\";`) or an attribute set (`type`, `owner`, `repo`, …); "
                "`flake = false` takes a plain source tree. Nix pins each one in `flake.lock`."},
    SchemaEntry{"outputs", "function",
                "A function from the inputs (each input's outputs plus `outPath`, `rev`, `lastModified`, …) "
                "and `self` (this flake) to everything the flake provides: `packages`, `devShells`, "
                "`nixosModules`, …. Its arguments name the inputs it uses."},
    SchemaEntry{"nixConfig", "attribute set",
                "`nix.conf` settings used while evaluating this flake (`extra-substituters`, "
                "`extra-trusted-public-keys`, …). Apart from a few harmless ones (`bash-prompt`, "
                "`bash-prompt-prefix`, `bash-prompt-suffix`, `flake-registry`), Nix asks before applying them "
                "unless `accept-flake-config` is set."},
};

constexpr std::array kInputAttrs = {
    SchemaEntry{"url", "string (flake reference)",
                "Where the input comes from: `github:owner/repo[/ref]`, `gitlab:…`, `sourcehut:~owner/repo`, "
                "`git+https://…?ref=…&rev=…`, `path:…`, `tarball+https://…`, or a registry name such as "
                "`nixpkgs`."},
    SchemaEntry{"type", "string",
                "The kind of reference in attribute form: `github`, `gitlab`, `sourcehut`, `git`, "
                "`mercurial`, `path`, `tarball`, `file` or `indirect`."},
    SchemaEntry{"owner", "string", "Owner (user or organisation) of a `github`, `gitlab` or `sourcehut` repository."},
    SchemaEntry{"repo", "string", "Repository name of a `github`, `gitlab` or `sourcehut` input."},
    SchemaEntry{"ref", "string", "Branch or tag to follow. `nix flake update` moves the lock to its newest commit."},
    SchemaEntry{"rev", "string (commit hash)", "A fixed commit (40 hexadecimal digits)."},
    SchemaEntry{"dir", "string", "Subdirectory of the repository that holds the `flake.nix`."},
    SchemaEntry{"host", "string", "Host of a self-hosted GitHub Enterprise, GitLab or SourceHut instance."},
    SchemaEntry{"id", "string", "Registry name of an `indirect` input (`nixpkgs`)."},
    SchemaEntry{"path", "string", "Local directory of a `path` input."},
    SchemaEntry{"narHash", "string (SRI hash)", "Expected hash of the input's contents; Nix refuses other contents."},
    SchemaEntry{"flake", "bool (default true)",
                "`false` for a source tree without `flake.nix`: the input is then just its `outPath` "
                "(plus `rev`, `lastModified`, …), e.g. to build from it or import Nix files from it."},
    SchemaEntry{"follows", "string (input path)",
                "Use another input instead of fetching this one: `\"nixpkgs\"`, or a path through inputs "
                "such as `\"crane/nixpkgs\"`. `\"\"` follows this flake itself."},
    SchemaEntry{"inputs", "attribute set",
                "Overrides of this input's own inputs, usually `inputs.nixpkgs.follows = \"nixpkgs\";` so "
                "that it shares this flake's nixpkgs instead of locking its own."},
    SchemaEntry{"submodules", "bool", "Git inputs: also fetch submodules."},
    SchemaEntry{"shallow", "bool", "Git inputs: fetch without history (no `revCount`)."},
};

constexpr std::array kNixConfig = {
    SchemaEntry{"extra-substituters", "list of strings", "Binary caches to use besides the configured ones."},
    SchemaEntry{"extra-trusted-public-keys", "list of strings", "Signing keys of those binary caches (`name:base64`)."},
    SchemaEntry{"substituters", "list of strings", "Binary caches to use instead of the configured ones."},
    SchemaEntry{"trusted-public-keys", "list of strings", "Signing keys trusted for substitution."},
    SchemaEntry{"bash-prompt", "string", "Prompt of `nix develop` shells (applied without asking)."},
    SchemaEntry{"bash-prompt-prefix", "string", "Prefix of the `nix develop` prompt (applied without asking)."},
    SchemaEntry{"bash-prompt-suffix", "string", "Suffix of the `nix develop` prompt (applied without asking)."},
    SchemaEntry{"flake-registry", "string", "The flake registry to use (applied without asking)."},
    SchemaEntry{"extra-experimental-features", "list of strings", "Experimental Nix features this flake needs."},
    SchemaEntry{"allow-import-from-derivation", "bool", "Whether evaluation may build derivations to import their output."},
    SchemaEntry{"keep-outputs", "bool", "Keep build-time outputs from garbage collection."},
};

constexpr std::array kOutputs = {
    OutputInfo{"packages", OutputShape::PerSystemDerivations, "packages.<system>.<name> = derivation",
               "Packages for `nix build .#<name>` and `nix run`; `default` is what `nix build` builds.", ""},
    OutputInfo{"legacyPackages", OutputShape::PerSystemAny, "legacyPackages.<system> = nested sets",
               "A package set of any depth (as nixpkgs exposes itself), for `nix build .#a.b`; not checked "
               "deeply by `nix flake check`.",
               ""},
    OutputInfo{"apps", OutputShape::PerSystemApps, "apps.<system>.<name> = { type = \"app\"; program; }",
               "Programs for `nix run .#<name>`: `type = \"app\"` and `program`, the absolute store path of an "
               "executable (e.g. `\"${pkg}/bin/tool\"` or `lib.getExe pkg`).",
               ""},
    OutputInfo{"checks", OutputShape::PerSystemDerivations, "checks.<system>.<name> = derivation",
               "Derivations that `nix flake check` builds: tests, lints, formatting checks.", ""},
    OutputInfo{"devShells", OutputShape::PerSystemDerivations, "devShells.<system>.<name> = derivation",
               "Development environments for `nix develop .#<name>` (usually `mkShell`); `default` is the "
               "one `nix develop` enters.",
               ""},
    OutputInfo{"formatter", OutputShape::PerSystemDerivation, "formatter.<system> = derivation",
               "The program `nix fmt` runs on the flake's files (e.g. `nixfmt-rfc-style`).", ""},
    OutputInfo{"overlays", OutputShape::Overlays, "overlays.<name> = final: prev: { … }",
               "nixpkgs overlays: functions from the final and previous package sets to new or changed "
               "packages; `default` by convention.",
               ""},
    OutputInfo{"nixosModules", OutputShape::Modules, "nixosModules.<name> = module",
               "NixOS modules for other flakes' `nixosSystem { modules = [ … ]; }`; `default` by convention.", ""},
    OutputInfo{"nixosConfigurations", OutputShape::Configurations, "nixosConfigurations.<host> = nixosSystem { … }",
               "Whole machines, made with `nixpkgs.lib.nixosSystem`, for `nixos-rebuild --flake .#<host>`.", ""},
    OutputInfo{"homeManagerModules", OutputShape::Modules, "homeManagerModules.<name> = module",
               "Home Manager modules (a community convention; newer flakes also say `homeModules`).", ""},
    OutputInfo{"homeModules", OutputShape::Modules, "homeModules.<name> = module", "Home Manager modules.", ""},
    OutputInfo{"homeConfigurations", OutputShape::Configurations, "homeConfigurations.<user> = homeManagerConfiguration { … }",
               "Home Manager configurations for `home-manager switch --flake .#<user>`.", ""},
    OutputInfo{"darwinModules", OutputShape::Modules, "darwinModules.<name> = module", "nix-darwin modules.", ""},
    OutputInfo{"darwinConfigurations", OutputShape::Configurations, "darwinConfigurations.<host> = darwinSystem { … }",
               "nix-darwin machines for `darwin-rebuild --flake .#<host>`.", ""},
    OutputInfo{"templates", OutputShape::Templates, "templates.<name> = { path; description; }",
               "Project templates for `nix flake init -t <flake>#<name>`: `path` (a directory) and "
               "`description`; `welcomeText` is optional.",
               ""},
    OutputInfo{"lib", OutputShape::Any, "lib = { … }",
               "Nix functions and values for other flakes (a convention; Nix does not check it).", ""},
    OutputInfo{"hydraJobs", OutputShape::Any, "hydraJobs.<job>.<system> = derivation",
               "Jobs for the Hydra CI: nested attribute sets of derivations.", ""},
    OutputInfo{"bundlers", OutputShape::PerSystemAny, "bundlers.<system>.<name> = drv: bundle",
               "Functions for `nix bundle` that turn a derivation into a self-contained bundle.", ""},
    OutputInfo{"flakeModules", OutputShape::Modules, "flakeModules.<name> = module",
               "flake-parts modules for other flakes.", ""},
    OutputInfo{"defaultPackage", OutputShape::PerSystemDerivation, "defaultPackage.<system> = derivation",
               "Deprecated.", "packages.<system>.default"},
    OutputInfo{"defaultApp", OutputShape::PerSystemAny, "defaultApp.<system> = app", "Deprecated.",
               "apps.<system>.default"},
    OutputInfo{"devShell", OutputShape::PerSystemDerivation, "devShell.<system> = derivation", "Deprecated.",
               "devShells.<system>.default"},
    OutputInfo{"overlay", OutputShape::Overlay, "overlay = final: prev: { … }", "Deprecated.", "overlays.default"},
    OutputInfo{"nixosModule", OutputShape::Module, "nixosModule = module", "Deprecated.", "nixosModules.default"},
    OutputInfo{"defaultTemplate", OutputShape::Template, "defaultTemplate = { path; description; }", "Deprecated.",
               "templates.default"},
    OutputInfo{"defaultBundler", OutputShape::PerSystemAny, "defaultBundler.<system> = drv: bundle", "Deprecated.",
               "bundlers.<system>.default"},
};

constexpr std::array<std::string_view, 20> kSystems = {
    "x86_64-linux",      "aarch64-linux",   "x86_64-darwin",   "aarch64-darwin", "i686-linux",
    "armv6l-linux",      "armv7l-linux",    "riscv64-linux",   "powerpc64le-linux", "x86_64-freebsd",
    "aarch64-freebsd",   "i686-freebsd",    "s390x-linux",     "mipsel-linux",   "mips64el-linux",
    "loongarch64-linux", "x86_64-netbsd",   "x86_64-openbsd",  "armv5tel-linux", "x86_64-cygwin",
};

}  // namespace

std::span<const SchemaEntry> flakeTopLevel() { return kTopLevel; }
std::span<const SchemaEntry> inputAttributes() { return kInputAttrs; }
std::span<const SchemaEntry> nixConfigSettings() { return kNixConfig; }
std::span<const OutputInfo> flakeOutputs() { return kOutputs; }

const OutputInfo* findOutput(std::string_view name) {
  for (const OutputInfo& o : kOutputs)
    if (o.name == name) return &o;
  return nullptr;
}

const SchemaEntry* findEntry(std::span<const SchemaEntry> table, std::string_view name) {
  for (const SchemaEntry& e : table)
    if (e.name == name) return &e;
  return nullptr;
}

std::span<const std::string_view> knownSystems() { return kSystems; }

bool isKnownSystem(std::string_view s) { return std::find(kSystems.begin(), kSystems.end(), s) != kSystems.end(); }

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace fw::flakes
