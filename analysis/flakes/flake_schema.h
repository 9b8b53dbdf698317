#pragma once
// What a flake.nix may contain, with our own short documentation: the
// top-level attributes, the attributes of an input, the standard outputs
// (and which of them are per system), nixConfig settings, and the system
// names Nix platforms use. One table per concept.

#include <span>
#include <string_view>

namespace fw::flakes {

struct SchemaEntry {
  std::string_view name;
  std::string_view type;  // shown as the completion detail
  std::string_view doc;   // markdown
};

[[nodiscard]] std::span<const SchemaEntry> flakeTopLevel();
[[nodiscard]] std::span<const SchemaEntry> inputAttributes();
[[nodiscard]] std::span<const SchemaEntry> nixConfigSettings();

enum class OutputShape {
  PerSystemDerivations,  // packages.<system>.<name> = derivation
  PerSystemDerivation,   // formatter.<system> = derivation
  PerSystemApps,         // apps.<system>.<name> = { type = "app"; program; }
  PerSystemAny,          // legacyPackages.<system>, bundlers.<system>.<name>
  Overlays,              // overlays.<name> = final: prev: { … }
  Overlay,               // overlay = final: prev: { … }
  Modules,               // nixosModules.<name>
  Module,                // nixosModule
  Configurations,        // nixosConfigurations.<name>
  Templates,             // templates.<name> = { path; description; }
  Template,              // defaultTemplate
  Any,                   // lib, hydraJobs, …
};

struct OutputInfo {
  std::string_view name;
  OutputShape shape;
  std::string_view type;
  std::string_view doc;
  std::string_view replacement;  // deprecated outputs: what to use instead
};

[[nodiscard]] std::span<const OutputInfo> flakeOutputs();
[[nodiscard]] const OutputInfo* findOutput(std::string_view name);
[[nodiscard]] const SchemaEntry* findEntry(std::span<const SchemaEntry> table, std::string_view name);

// System doubles of Nix platforms ("x86_64-linux"); the first four are
// what flake-utils and nix-systems/default call the default systems.
[[nodiscard]] std::span<const std::string_view> knownSystems();
[[nodiscard]] bool isKnownSystem(std::string_view s);

// Levenshtein distance, for "did you mean" suggestions.
[[nodiscard]] std::size_t editDistance(std::string_view a, std::string_view b);

}  // namespace fw::flakes
