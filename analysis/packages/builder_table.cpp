#include "analysis/packages/builder_table.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace fw::packages {

namespace {

// ---------------------------------------------------------------- mkDerivation

constexpr std::array kMkDerivation = {
    ArgInfo{"pname", "string", "Package name without the version; with `version` it makes `name` (`pname-version`).", ""},
    ArgInfo{"version", "string", "Upstream version of the package.", ""},
    ArgInfo{"name", "string", "Full derivation name; give it instead of `pname` and `version`.", "\"${pname}-${version}\""},
    ArgInfo{"src", "path or derivation", "The source: usually a fetcher (`fetchFromGitHub { … }`) or a local path.", ""},
    ArgInfo{"srcs", "list", "Several sources, unpacked next to each other (set `sourceRoot`).", ""},
    ArgInfo{"sourceRoot", "string", "Directory to build in after unpacking, e.g. `\"${src.name}/sub\"`.", "detected"},
    ArgInfo{"patches", "list of paths", "Patches applied to the source in the patch phase.", "[ ]"},
    ArgInfo{"patchFlags", "list of strings", "Flags for `patch`.", "[ \"-p1\" ]"},
    ArgInfo{"nativeBuildInputs", "list of packages",
            "Tools run during the build (compilers' helpers, pkg-config, cmake, makeWrapper): built for the "
            "machine that builds.",
            "[ ]"},
    ArgInfo{"buildInputs", "list of packages",
            "Libraries the program links against or uses at run time: built for the machine the package runs on.", "[ ]"},
    ArgInfo{"propagatedBuildInputs", "list of packages", "Like buildInputs, and also given to every package that depends on this one.", "[ ]"},
    ArgInfo{"propagatedNativeBuildInputs", "list of packages", "Like nativeBuildInputs, and also given to dependents.", "[ ]"},
    ArgInfo{"nativeCheckInputs", "list of packages", "Tools needed only by the check phase.", "[ ]"},
    ArgInfo{"checkInputs", "list of packages", "Libraries needed only by the check phase.", "[ ]"},
    ArgInfo{"nativeInstallCheckInputs", "list of packages", "Tools needed only by the install-check phase.", "[ ]"},
    ArgInfo{"installCheckInputs", "list of packages", "Libraries needed only by the install-check phase.", "[ ]"},
    ArgInfo{"depsBuildBuild", "list of packages", "Build-time tools that themselves run on the build machine for the build machine.", "[ ]"},
    ArgInfo{"strictDeps", "bool", "Keep build-time and run-time dependencies apart (what cross-compilation needs).", "false"},
    ArgInfo{"configureFlags", "list of strings", "Flags for `./configure`.", "[ ]"},
    ArgInfo{"cmakeFlags", "list of strings", "Flags for `cmake` (with `cmake` in nativeBuildInputs).", "[ ]"},
    ArgInfo{"mesonFlags", "list of strings", "Flags for `meson setup`.", "[ ]"},
    ArgInfo{"makeFlags", "list of strings", "Flags for every `make` call.", "[ ]"},
    ArgInfo{"buildFlags", "list of strings", "Flags for the build phase's `make`.", "[ ]"},
    ArgInfo{"checkFlags", "list of strings", "Flags for the check phase.", "[ ]"},
    ArgInfo{"installFlags", "list of strings", "Flags for `make install`.", "[ ]"},
    ArgInfo{"installTargets", "string", "make targets of the install phase.", "\"install\""},
    ArgInfo{"checkTarget", "string", "make target of the check phase.", "\"check\" or \"test\""},
    ArgInfo{"unpackPhase", "string (shell)", "Replaces the unpack phase.", ""},
    ArgInfo{"patchPhase", "string (shell)", "Replaces the patch phase.", ""},
    ArgInfo{"configurePhase", "string (shell)", "Replaces the configure phase.", ""},
    ArgInfo{"buildPhase", "string (shell)", "Replaces the build phase.", ""},
    ArgInfo{"checkPhase", "string (shell)", "Replaces the check phase.", ""},
    ArgInfo{"installPhase", "string (shell)", "Replaces the install phase; must create `$out`.", ""},
    ArgInfo{"fixupPhase", "string (shell)", "Replaces the fixup phase (stripping, patching shebangs and rpaths).", ""},
    ArgInfo{"installCheckPhase", "string (shell)", "Replaces the install-check phase.", ""},
    ArgInfo{"distPhase", "string (shell)", "Replaces the dist phase.", ""},
    ArgInfo{"buildCommand", "string (shell)", "The whole build as one script; no phases run.", ""},
    ArgInfo{"phases", "list of strings", "The phases to run, in order (rarely needed).", ""},
    ArgInfo{"doCheck", "bool", "Run the check phase.", "true for most builders when not cross-compiling"},
    ArgInfo{"doInstallCheck", "bool", "Run the install-check phase (tests of the installed result).", "false"},
    ArgInfo{"doDist", "bool", "Run the dist phase.", "false"},
    ArgInfo{"enableParallelBuilding", "bool", "Build with several jobs.", "true with most build systems"},
    ArgInfo{"enableParallelChecking", "bool", "Run checks with several jobs.", "true"},
    ArgInfo{"enableParallelInstalling", "bool", "Install with several jobs.", "true"},
    ArgInfo{"separateDebugInfo", "bool", "Put debug symbols into a separate `debug` output.", "false"},
    ArgInfo{"outputs", "list of strings", "The outputs (`[ \"out\" \"dev\" \"man\" ]`); the first is the default.", "[ \"out\" ]"},
    ArgInfo{"outputHash", "string", "Fixed-output derivations: the expected hash of the output.", ""},
    ArgInfo{"outputHashAlgo", "string", "Fixed-output derivations: the hash algorithm.", ""},
    ArgInfo{"outputHashMode", "string", "Fixed-output derivations: `flat` or `recursive`.", "\"flat\""},
    ArgInfo{"passthru", "attribute set", "Attributes added to the package but not to its build environment (`tests`, `updateScript`).", "{ }"},
    ArgInfo{"meta", "attribute set", "Description, homepage, license, maintainers, platforms, mainProgram: see `meta`.", "{ }"},
    ArgInfo{"env", "attribute set of strings", "Environment variables of the build.", "{ }"},
    ArgInfo{"hardeningDisable", "list of strings", "Compiler hardening flags to turn off (`[ \"fortify\" ]`, `[ \"all\" ]`).", "[ ]"},
    ArgInfo{"hardeningEnable", "list of strings", "Extra compiler hardening flags to turn on (`[ \"pie\" ]`).", "[ ]"},
    ArgInfo{"dontUnpack", "bool", "Skip the unpack phase.", "false"},
    ArgInfo{"dontPatch", "bool", "Skip the patch phase.", "false"},
    ArgInfo{"dontConfigure", "bool", "Skip the configure phase.", "false"},
    ArgInfo{"dontBuild", "bool", "Skip the build phase.", "false"},
    ArgInfo{"dontInstall", "bool", "Skip the install phase.", "false"},
    ArgInfo{"dontFixup", "bool", "Skip the fixup phase.", "false"},
    ArgInfo{"dontStrip", "bool", "Keep debug symbols in binaries.", "false"},
    ArgInfo{"dontPatchShebangs", "bool", "Leave `#!` lines of scripts alone.", "false"},
    ArgInfo{"dontWrapQtApps", "bool", "With wrapQtAppsHook: do not wrap executables.", "false"},
    ArgInfo{"dontWrapGApps", "bool", "With wrapGAppsHook: do not wrap executables.", "false"},
    ArgInfo{"__structuredAttrs", "bool", "Pass attributes to the builder as JSON instead of environment variables.", "false"},
    ArgInfo{"allowSubstitutes", "bool", "Whether the result may come from a binary cache.", "true"},
    ArgInfo{"preferLocalBuild", "bool", "Build locally rather than on a remote builder (cheap derivations).", "false"},
    ArgInfo{"requiredSystemFeatures", "list of strings", "Features the builder machine must have (`[ \"big-parallel\" ]`).", "[ ]"},
    ArgInfo{"setupHook", "path", "A script sourced by the builds of packages that depend on this one.", ""},
    ArgInfo{"shellHook", "string (shell)", "Run when entering `nix develop` / `nix-shell`.", ""},
    ArgInfo{"configurePlatforms", "list of strings", "Which of `--build`, `--host`, `--target` configure receives.", ""},
    ArgInfo{"prefixKey", "string", "How configure is told the prefix.", "\"--prefix=\""},
    ArgInfo{"postUnpack", "string (shell)", "Run after unpacking, in the parent of the source.", ""},
    ArgInfo{"postPatch", "string (shell)", "Run after patching: the usual place for `substituteInPlace`.", ""},
    ArgInfo{"preConfigure", "string (shell)", "Run before configuring.", ""},
    ArgInfo{"postConfigure", "string (shell)", "Run after configuring.", ""},
    ArgInfo{"preBuild", "string (shell)", "Run before building.", ""},
    ArgInfo{"postBuild", "string (shell)", "Run after building.", ""},
    ArgInfo{"preCheck", "string (shell)", "Run before the checks.", ""},
    ArgInfo{"postCheck", "string (shell)", "Run after the checks.", ""},
    ArgInfo{"preInstall", "string (shell)", "Run before installing.", ""},
    ArgInfo{"postInstall", "string (shell)", "Run after installing: shell completions, wrappers, extra files.", ""},
    ArgInfo{"preFixup", "string (shell)", "Run before the fixup phase.", ""},
    ArgInfo{"postFixup", "string (shell)", "Run after the fixup phase.", ""},
    ArgInfo{"installCheckTarget", "string", "make target of the install-check phase.", "\"installcheck\""},
};

// ---------------------------------------------------------------- crane

constexpr std::array kCraneCommon = {
    ArgInfo{"src", "path", "The Cargo workspace (often `craneLib.cleanCargoSource ./.`).", ""},
    ArgInfo{"cargoArtifacts", "derivation or null", "Build artifacts to start from, usually the result of `buildDepsOnly`.", "null (buildPackage: buildDepsOnly of the same arguments)"},
    ArgInfo{"cargoExtraArgs", "string", "Arguments added to every cargo invocation (`--locked --features x`).", "\"--locked\""},
    ArgInfo{"cargoVendorDir", "path or null", "Vendored dependencies.", "vendorCargoDeps of src"},
    ArgInfo{"cargoLock", "path", "Cargo.lock to vendor from when it is not at the root of src.", ""},
    ArgInfo{"cargoToml", "path", "Cargo.toml to read pname and version from.", "src/Cargo.toml"},
    ArgInfo{"doInstallCargoArtifacts", "bool", "Also install target/ as an output, for builds that reuse it.", ""},
    ArgInfo{"installCargoArtifactsMode", "string", "How target/ is installed: `use-zstd` or `use-symlink`.", "\"use-symlink\""},
    ArgInfo{"doNotLinkInheritedArtifacts", "bool", "Copy inherited artifacts instead of linking them.", "false"},
    ArgInfo{"CARGO_PROFILE", "string", "Cargo profile to build with.", "\"release\""},
    ArgInfo{"buildPhaseCargoCommand", "string", "The cargo command of the build phase.", ""},
    ArgInfo{"checkPhaseCargoCommand", "string", "The cargo command of the check phase.", ""},
};

constexpr std::array kCraneBuildPackage = {
    ArgInfo{"cargoBuildCommand", "string", "How cargo builds.", "\"cargo build --profile release\""},
    ArgInfo{"cargoTestCommand", "string", "How cargo tests.", "\"cargo test --profile release\""},
    ArgInfo{"cargoTestExtraArgs", "string", "Arguments added to the test command (`-- --skip slow::`).", "\"\""},
    ArgInfo{"installPhaseCommand", "string", "How binaries are installed.", "installFromCargoBuildLog"},
    ArgInfo{"doNotPostBuildInstallCargoBinaries", "bool", "Do not install the built binaries automatically.", "false"},
    ArgInfo{"doNotRemoveReferencesToVendorDir", "bool", "Keep references to the vendor directory in the output.", "false"},
};

constexpr std::array kCraneBuildDepsOnly = {
    ArgInfo{"cargoBuildCommand", "string", "How cargo builds the dependencies.", "\"cargo build --profile release\""},
    ArgInfo{"cargoCheckCommand", "string", "How cargo checks the dependencies.", "\"cargo check --profile release\""},
    ArgInfo{"cargoCheckExtraArgs", "string", "Arguments added to the check command.", "\"--all-targets\""},
    ArgInfo{"cargoTestCommand", "string", "How cargo builds the test dependencies.", "\"cargo test --profile release\""},
    ArgInfo{"cargoTestExtraArgs", "string", "Arguments added to the test command.", "\"--no-run\""},
    ArgInfo{"dummySrc", "path", "The stub source whose build compiles only the dependencies.", "mkDummySrc of src"},
};

constexpr std::array kCraneCargoBuild = {
    ArgInfo{"cargoBuildCommand", "string", "How cargo builds.", "\"cargo build --profile release\""},
};

constexpr std::array kCraneCargoClippy = {
    ArgInfo{"cargoClippyExtraArgs", "string", "Arguments for clippy (`--all-targets -- --deny warnings`).", "\"--all-targets\""},
};

constexpr std::array kCraneCargoNextest = {
    ArgInfo{"cargoNextestExtraArgs", "string", "Arguments for `cargo nextest run`.", "\"\""},
    ArgInfo{"partitions", "int", "Split the tests into this many derivations.", "1"},
    ArgInfo{"partitionType", "string", "How tests are split: `count` or `hash`.", "\"count\""},
    ArgInfo{"withLlvmCov", "bool", "Collect coverage with cargo-llvm-cov.", "false"},
};

// ---------------------------------------------------------------- others

constexpr std::array kBuildRustPackage = {
    ArgInfo{"cargoHash", "string (SRI hash)", "Hash of the vendored Cargo dependencies; `lib.fakeHash` first, then the hash the build reports.", ""},
    ArgInfo{"cargoSha256", "string", "Legacy form of cargoHash.", ""},
    ArgInfo{"cargoLock", "attribute set", "`{ lockFile = ./Cargo.lock; outputHashes = { … }; }`: vendor from Cargo.lock instead of a cargoHash.", ""},
    ArgInfo{"cargoDeps", "derivation", "Vendored dependencies made elsewhere.", ""},
    ArgInfo{"cargoVendorDir", "string", "A vendor directory inside src.", ""},
    ArgInfo{"useFetchCargoVendor", "bool", "Vendor with fetchCargoVendor (the newer vendoring).", "false"},
    ArgInfo{"buildType", "string", "Cargo profile: `release` or `debug`.", "\"release\""},
    ArgInfo{"buildFeatures", "list of strings", "Cargo features to enable.", "[ ]"},
    ArgInfo{"buildNoDefaultFeatures", "bool", "Build without the default features.", "false"},
    ArgInfo{"checkFeatures", "list of strings", "Features for the tests.", "buildFeatures"},
    ArgInfo{"cargoBuildFlags", "list of strings", "Extra flags for `cargo build`.", "[ ]"},
    ArgInfo{"cargoTestFlags", "list of strings", "Extra flags for `cargo test`.", "[ ]"},
    ArgInfo{"cargoPatches", "list of paths", "Patches applied before vendoring (e.g. adding a Cargo.lock).", "[ ]"},
    ArgInfo{"buildAndTestSubdir", "string", "Workspace member to build and test.", ""},
    ArgInfo{"cargoRoot", "string", "Directory with Cargo.toml, relative to the source root.", ""},
    ArgInfo{"auditable", "bool", "Embed the dependency list with cargo-auditable.", "true"},
    ArgInfo{"useNextest", "bool", "Run tests with cargo-nextest.", "false"},
};

constexpr std::array kBuildGoModule = {
    ArgInfo{"vendorHash", "string (SRI hash) or null", "Hash of the vendored Go modules; `null` when the source vendors them itself.", ""},
    ArgInfo{"vendorSha256", "string", "Legacy form of vendorHash.", ""},
    ArgInfo{"proxyVendor", "bool", "Vendor through a module proxy directory (for modules that vendor badly).", "false"},
    ArgInfo{"modRoot", "string", "Directory holding go.mod.", "\"./\""},
    ArgInfo{"subPackages", "list of strings", "Packages to build (`[ \"cmd/tool\" ]`); all when empty.", "[ ]"},
    ArgInfo{"excludedPackages", "list of strings", "Packages not to build.", "[ ]"},
    ArgInfo{"ldflags", "list of strings", "Linker flags (`-s -w`, `-X pkg.Version=…`).", "[ ]"},
    ArgInfo{"tags", "list of strings", "Go build tags.", "[ ]"},
    ArgInfo{"deleteVendor", "bool", "Delete the source's vendor directory and vendor again.", "false"},
    ArgInfo{"overrideModAttrs", "function", "Changes the derivation that fetches the modules.", ""},
    ArgInfo{"allowGoReference", "bool", "Allow the output to refer to the Go toolchain.", "false"},
    ArgInfo{"modPostBuild", "string (shell)", "Run after fetching the modules.", ""},
    ArgInfo{"GOFLAGS", "list of strings", "Flags for every go command.", ""},
    ArgInfo{"CGO_ENABLED", "0 or 1", "Whether cgo is used (often set through env).", ""},
};

constexpr std::array kBuildNpmPackage = {
    ArgInfo{"npmDepsHash", "string (SRI hash)", "Hash of the npm dependencies from package-lock.json.", ""},
    ArgInfo{"npmDeps", "derivation", "Dependencies fetched elsewhere (instead of npmDepsHash).", ""},
    ArgInfo{"npmBuildScript", "string", "package.json script the build phase runs.", "\"build\""},
    ArgInfo{"npmBuildFlags", "list of strings", "Flags for `npm run <script>`.", "[ ]"},
    ArgInfo{"npmFlags", "list of strings", "Flags for every npm command.", "[ ]"},
    ArgInfo{"npmInstallFlags", "list of strings", "Flags for `npm ci`.", "[ ]"},
    ArgInfo{"npmPackFlags", "list of strings", "Flags for `npm pack`.", "[ ]"},
    ArgInfo{"npmPruneFlags", "list of strings", "Flags for `npm prune`.", "[ ]"},
    ArgInfo{"npmRebuildFlags", "list of strings", "Flags for `npm rebuild`.", "[ ]"},
    ArgInfo{"npmWorkspace", "string", "Workspace to build.", ""},
    ArgInfo{"dontNpmBuild", "bool", "Skip the npm build script.", "false"},
    ArgInfo{"dontNpmInstall", "bool", "Skip installing.", "false"},
    ArgInfo{"dontNpmPrune", "bool", "Keep dev dependencies.", "false"},
    ArgInfo{"makeCacheWritable", "bool", "Let npm write to its cache (some packages need it).", "false"},
    ArgInfo{"forceGitDeps", "bool", "Allow git dependencies in package-lock.json.", "false"},
    ArgInfo{"nodejs", "package", "The Node.js to build with.", "pkgs.nodejs"},
};

constexpr std::array kBuildPython = {
    ArgInfo{"pyproject", "bool", "Build with a PEP 517 backend from pyproject.toml (name it in build-system).", ""},
    ArgInfo{"format", "string", "Legacy way of choosing the build: `setuptools`, `pyproject`, `wheel` or `other`.", "\"setuptools\""},
    ArgInfo{"build-system", "list of packages", "The PEP 517 build backend (`[ setuptools ]`, `[ hatchling ]`).", "[ ]"},
    ArgInfo{"dependencies", "list of packages", "Run-time Python dependencies (propagated).", "[ ]"},
    ArgInfo{"optional-dependencies", "attribute set", "Extras: name -> list of packages.", "{ }"},
    ArgInfo{"pythonImportsCheck", "list of strings", "Modules imported after installing, as a smoke test.", "[ ]"},
    ArgInfo{"pytestFlagsArray", "list of strings", "Flags for pytest (with pytestCheckHook).", "[ ]"},
    ArgInfo{"disabledTests", "list of strings", "Test names pytest skips.", "[ ]"},
    ArgInfo{"disabledTestPaths", "list of strings", "Test files or directories pytest skips.", "[ ]"},
    ArgInfo{"pythonRelaxDeps", "list of strings or bool", "Dependencies whose version bounds are removed.", "[ ]"},
    ArgInfo{"pythonRemoveDeps", "list of strings or bool", "Dependencies removed from the metadata.", "[ ]"},
    ArgInfo{"disabled", "bool", "Refuse to build (e.g. `pythonOlder \"3.9\"`).", "false"},
    ArgInfo{"catchConflicts", "bool", "Fail when two versions of a dependency end up in the closure.", "true"},
    ArgInfo{"dontWrapPythonPrograms", "bool", "Do not wrap the installed scripts.", "false"},
    ArgInfo{"makeWrapperArgs", "list of strings", "Extra arguments for the script wrappers.", "[ ]"},
    ArgInfo{"setupPyGlobalFlags", "list of strings", "Global flags for setup.py.", "[ ]"},
};

constexpr std::array kWriteShellApplication = {
    ArgInfo{"name", "string", "Name of the program (and of the derivation).", ""},
    ArgInfo{"text", "string", "The script's body; shellcheck checks it at build time.", ""},
    ArgInfo{"runtimeInputs", "list of packages", "Packages whose bin/ is put on PATH for the script.", "[ ]"},
    ArgInfo{"runtimeEnv", "attribute set", "Environment variables the script exports.", "null"},
    ArgInfo{"checkPhase", "string (shell)", "Replaces the shellcheck check.", "shellcheck and bash -n"},
    ArgInfo{"excludeShellChecks", "list of strings", "shellcheck codes to ignore (`[ \"SC2016\" ]`).", "[ ]"},
    ArgInfo{"extraShellCheckFlags", "list of strings", "Extra flags for shellcheck.", "[ ]"},
    ArgInfo{"bashOptions", "list of strings", "`set -o` options at the top.", "[ \"errexit\" \"nounset\" \"pipefail\" ]"},
    ArgInfo{"inheritPath", "bool", "Keep the caller's PATH after runtimeInputs.", "true"},
    ArgInfo{"meta", "attribute set", "The package's meta.", "{ }"},
    ArgInfo{"passthru", "attribute set", "Extra attributes of the package.", "{ }"},
    ArgInfo{"derivationArgs", "attribute set", "Extra arguments for the underlying derivation.", "{ }"},
};

constexpr std::array kMkShell = {
    ArgInfo{"packages", "list of packages", "Packages available in the shell.", "[ ]"},
    ArgInfo{"inputsFrom", "list of derivations", "Packages whose build inputs the shell gets.", "[ ]"},
    ArgInfo{"shellHook", "string (shell)", "Run when the shell starts.", ""},
    ArgInfo{"name", "string", "Name of the shell derivation.", "\"nix-shell\""},
    ArgInfo{"buildInputs", "list of packages", "Libraries available in the shell.", "[ ]"},
    ArgInfo{"nativeBuildInputs", "list of packages", "Tools available in the shell.", "[ ]"},
    ArgInfo{"env", "attribute set", "Environment variables of the shell.", "{ }"},
};

// ---------------------------------------------------------------- fetchers

constexpr std::array kFetchFromForge = {
    ArgInfo{"owner", "string", "Owner (user or organisation) of the repository.", ""},
    ArgInfo{"repo", "string", "Repository name.", ""},
    ArgInfo{"rev", "string", "Commit hash or tag to fetch. Not a branch: a branch moves and the hash breaks.", ""},
    ArgInfo{"tag", "string", "Tag to fetch (instead of rev).", ""},
    ArgInfo{"hash", "string (SRI hash)", "Hash of the unpacked source; `lib.fakeHash` first, then the hash the build reports.", ""},
    ArgInfo{"sha256", "string", "Legacy form of hash.", ""},
    ArgInfo{"fetchSubmodules", "bool", "Also fetch git submodules (fetches with git).", "false"},
    ArgInfo{"leaveDotGit", "bool", "Keep the .git directory (fetches with git; the hash becomes less stable).", "false"},
    ArgInfo{"deepClone", "bool", "Fetch the whole history.", "false"},
    ArgInfo{"forceFetchGit", "bool", "Fetch with git rather than a tarball.", "false"},
    ArgInfo{"fetchLFS", "bool", "Fetch Git LFS files.", "false"},
    ArgInfo{"sparseCheckout", "list of strings", "Only these directories.", "[ ]"},
    ArgInfo{"private", "bool", "Use credentials from netrc for a private repository.", "false"},
    ArgInfo{"githubBase", "string", "Host of a GitHub Enterprise instance.", "\"github.com\""},
    ArgInfo{"domain", "string", "Host of a self-hosted instance.", ""},
    ArgInfo{"group", "string", "GitLab group of the owner.", ""},
    ArgInfo{"vc", "string", "SourceHut version control: `git` or `hg`.", "\"git\""},
    ArgInfo{"name", "string", "Store name of the source.", "\"source\""},
    ArgInfo{"postFetch", "string (shell)", "Run on the fetched files before hashing.", ""},
    ArgInfo{"varPrefix", "string", "Prefix of the environment variables with credentials.", ""},
};

constexpr std::array kFetchgit = {
    ArgInfo{"url", "string", "Repository URL.", ""},
    ArgInfo{"rev", "string", "Commit hash or tag. Not a branch.", ""},
    ArgInfo{"tag", "string", "Tag to fetch (instead of rev).", ""},
    ArgInfo{"hash", "string (SRI hash)", "Hash of the checkout.", ""},
    ArgInfo{"sha256", "string", "Legacy form of hash.", ""},
    ArgInfo{"fetchSubmodules", "bool", "Also fetch submodules.", "true"},
    ArgInfo{"deepClone", "bool", "Fetch the whole history.", "false"},
    ArgInfo{"leaveDotGit", "bool", "Keep .git.", "false"},
    ArgInfo{"fetchLFS", "bool", "Fetch Git LFS files.", "false"},
    ArgInfo{"sparseCheckout", "list of strings", "Only these directories.", "[ ]"},
    ArgInfo{"branchName", "string", "Name of the branch created in the checkout.", ""},
    ArgInfo{"name", "string", "Store name.", ""},
    ArgInfo{"postFetch", "string (shell)", "Run on the checkout before hashing.", ""},
};

constexpr std::array kFetchurl = {
    ArgInfo{"url", "string", "What to download.", ""},
    ArgInfo{"urls", "list of strings", "Mirrors tried in order.", ""},
    ArgInfo{"hash", "string (SRI hash)", "Hash of the downloaded file.", ""},
    ArgInfo{"sha256", "string", "Legacy SHA-256 of the file.", ""},
    ArgInfo{"sha512", "string", "Legacy SHA-512 of the file.", ""},
    ArgInfo{"sha1", "string", "Legacy SHA-1 of the file.", ""},
    ArgInfo{"md5", "string", "Legacy MD5 of the file (not accepted any more).", ""},
    ArgInfo{"name", "string", "Store name.", "the URL's base name"},
    ArgInfo{"executable", "bool", "Make the file executable.", "false"},
    ArgInfo{"recursiveHash", "bool", "Hash the result as a directory (NAR).", "false"},
    ArgInfo{"downloadToTemp", "bool", "Download to a temporary file for postFetch.", "false"},
    ArgInfo{"postFetch", "string (shell)", "Run on the download before hashing.", ""},
    ArgInfo{"curlOpts", "string", "Extra curl options.", "\"\""},
    ArgInfo{"curlOptsList", "list of strings", "Extra curl options.", "[ ]"},
    ArgInfo{"stripRoot", "bool", "fetchzip: strip the archive's single top directory.", "true"},
    ArgInfo{"extension", "string", "fetchzip: archive type when the URL does not say.", ""},
};

constexpr std::array kBuiltinFetchTarball = {
    ArgInfo{"url", "string", "The tarball to download.", ""},
    ArgInfo{"sha256", "string", "SHA-256 of the unpacked tree (NAR); required in pure evaluation (flakes).", ""},
    ArgInfo{"name", "string", "Store name.", "\"source\""},
};

constexpr std::array kBuiltinFetchGit = {
    ArgInfo{"url", "string", "Repository URL.", ""},
    ArgInfo{"rev", "string", "Full commit hash: what pins the fetch.", ""},
    ArgInfo{"ref", "string", "Branch or tag to take the commit from.", "\"HEAD\""},
    ArgInfo{"submodules", "bool", "Also fetch submodules.", "false"},
    ArgInfo{"shallow", "bool", "Fetch without history.", "false"},
    ArgInfo{"allRefs", "bool", "Fetch every ref (to find a rev on another branch).", "false"},
    ArgInfo{"name", "string", "Store name.", "\"source\""},
    ArgInfo{"narHash", "string", "Expected hash of the checkout.", ""},
};

constexpr std::array kFetchCrate = {
    ArgInfo{"pname", "string", "Crate name.", ""},
    ArgInfo{"crateName", "string", "Crate name when it differs from pname.", "pname"},
    ArgInfo{"version", "string", "Crate version.", ""},
    ArgInfo{"hash", "string (SRI hash)", "Hash of the unpacked crate.", ""},
    ArgInfo{"sha256", "string", "Legacy form of hash.", ""},
    ArgInfo{"registryDl", "string", "Download URL template of another registry.", "crates.io"},
};

constexpr std::array kFetchPypi = {
    ArgInfo{"pname", "string", "Project name on PyPI.", ""},
    ArgInfo{"version", "string", "Version.", ""},
    ArgInfo{"hash", "string (SRI hash)", "Hash of the file.", ""},
    ArgInfo{"sha256", "string", "Legacy form of hash.", ""},
    ArgInfo{"format", "string", "`setuptools` (sdist) or `wheel`.", "\"setuptools\""},
    ArgInfo{"extension", "string", "File extension.", "\"tar.gz\""},
    ArgInfo{"dist", "string", "Wheel: the distribution tag.", ""},
    ArgInfo{"python", "string", "Wheel: the Python tag.", ""},
    ArgInfo{"abi", "string", "Wheel: the ABI tag.", ""},
    ArgInfo{"platform", "string", "Wheel: the platform tag.", ""},
};

constexpr std::array kFetchpatch = {
    ArgInfo{"url", "string", "The patch to download.", ""},
    ArgInfo{"hash", "string (SRI hash)", "Hash of the normalised patch.", ""},
    ArgInfo{"sha256", "string", "Legacy form of hash.", ""},
    ArgInfo{"name", "string", "Store name.", ""},
    ArgInfo{"stripLen", "int", "Leading path components to strip.", "0"},
    ArgInfo{"extraPrefix", "string", "Prefix added to paths.", ""},
    ArgInfo{"excludes", "list of strings", "Files left out of the patch.", "[ ]"},
    ArgInfo{"includes", "list of strings", "Only these files.", "[ ]"},
    ArgInfo{"revert", "bool", "Reverse the patch.", "false"},
    ArgInfo{"relative", "string", "Only changes below this directory.", ""},
};

// ---------------------------------------------------------------- callees

constexpr std::array<std::string_view, 1> kReqNameSrc = {"pname,version|name"};
constexpr std::array<std::string_view, 1> kReqSrc = {"src"};
constexpr std::array<std::string_view, 1> kReqArtifacts = {"cargoArtifacts"};
constexpr std::array<std::string_view, 3> kReqRust = {"pname,version|name", "src",
                                                      "cargoHash|cargoSha256|cargoLock|cargoDeps|cargoVendorDir"};
constexpr std::array<std::string_view, 3> kReqGo = {"pname,version|name", "src", "vendorHash|vendorSha256"};
constexpr std::array<std::string_view, 3> kReqNpm = {"pname,version|name", "src", "npmDepsHash|npmDeps"};
constexpr std::array<std::string_view, 2> kReqPython = {"pname,version|name", "src"};
constexpr std::array<std::string_view, 2> kReqShellApp = {"name", "text"};
constexpr std::array<std::string_view, 3> kReqForge = {"owner", "repo", "rev|tag"};
constexpr std::array<std::string_view, 1> kReqUrl = {"url|urls"};
constexpr std::array<std::string_view, 2> kReqGit = {"url", "rev|tag"};
constexpr std::array<std::string_view, 1> kReqFetchGit = {"url"};
constexpr std::array<std::string_view, 2> kReqCrate = {"pname|crateName", "version"};
constexpr std::array<std::string_view, 2> kReqPypi = {"pname", "version"};

const std::array kCallees = {
    CalleeInfo{"stdenv.mkDerivation", CalleeKind::Builder,
               "Builds a package with nixpkgs' standard environment: unpack, patch, configure, build, check, "
               "install and fixup phases.",
               {}, true, kReqNameSrc, false, true},
    CalleeInfo{"craneLib.buildPackage", CalleeKind::Builder,
               "crane: builds a Cargo project, its dependencies first (or from `cargoArtifacts`); pname and "
               "version come from Cargo.toml unless given.",
               kCraneBuildPackage, true, kReqSrc, false, true, kCraneCommon},
    CalleeInfo{"craneLib.buildDepsOnly", CalleeKind::Builder,
               "crane: builds only the Cargo dependencies of a project, for reuse as `cargoArtifacts`.",
               kCraneBuildDepsOnly, true, kReqSrc, false, true, kCraneCommon},
    CalleeInfo{"craneLib.cargoBuild", CalleeKind::Builder, "crane: runs `cargo build` on top of cargoArtifacts.",
               kCraneCargoBuild, true, kReqArtifacts, false, true, kCraneCommon},
    CalleeInfo{"craneLib.cargoClippy", CalleeKind::Builder, "crane: runs clippy on top of cargoArtifacts (a check).",
               kCraneCargoClippy, true, kReqArtifacts, false, true, kCraneCommon},
    CalleeInfo{"craneLib.cargoNextest", CalleeKind::Builder,
               "crane: runs the tests with cargo-nextest on top of cargoArtifacts.", kCraneCargoNextest, true,
               kReqArtifacts, false, true, kCraneCommon},
    CalleeInfo{"rustPlatform.buildRustPackage", CalleeKind::Builder,
               "Builds a Cargo project with vendored dependencies (cargoHash or cargoLock).", kBuildRustPackage,
               true, kReqRust, false, true},
    CalleeInfo{"buildGoModule", CalleeKind::Builder, "Builds a Go module with vendored dependencies (vendorHash).",
               kBuildGoModule, true, kReqGo, false, true},
    CalleeInfo{"buildNpmPackage", CalleeKind::Builder,
               "Builds a Node.js project from package-lock.json (npmDepsHash).", kBuildNpmPackage, true, kReqNpm,
               false, true},
    CalleeInfo{"buildPythonPackage", CalleeKind::Builder, "Builds a Python library for a Python package set.",
               kBuildPython, true, kReqPython, false, true},
    CalleeInfo{"buildPythonApplication", CalleeKind::Builder,
               "Builds a Python program (its dependencies are not propagated to users).", kBuildPython, true,
               kReqPython, false, true},
    CalleeInfo{"writeShellApplication", CalleeKind::Builder,
               "A shell script as a package: `bin/<name>`, checked with shellcheck, with runtimeInputs on PATH.",
               kWriteShellApplication, false, kReqShellApp, false, true},
    CalleeInfo{"mkShell", CalleeKind::Builder, "A development shell for `nix develop` / `nix-shell`.", kMkShell, true,
               {}, false, true},
    CalleeInfo{"fetchFromGitHub", CalleeKind::Fetcher, "Fetches a GitHub repository at a commit or tag, as a tarball.",
               kFetchFromForge, false, kReqForge, true, true},
    CalleeInfo{"fetchFromGitLab", CalleeKind::Fetcher, "Fetches a GitLab repository at a commit or tag.",
               kFetchFromForge, false, kReqForge, true, true},
    CalleeInfo{"fetchFromSourcehut", CalleeKind::Fetcher, "Fetches a SourceHut repository (owner with `~`).",
               kFetchFromForge, false, kReqForge, true, true},
    CalleeInfo{"fetchFromGitea", CalleeKind::Fetcher, "Fetches a repository from a Gitea/Forgejo instance (`domain`).",
               kFetchFromForge, false, kReqForge, true, true},
    CalleeInfo{"fetchFromBitbucket", CalleeKind::Fetcher, "Fetches a Bitbucket repository.", kFetchFromForge, false,
               kReqForge, true, true},
    CalleeInfo{"fetchgit", CalleeKind::Fetcher, "Fetches a git repository at a commit.", kFetchgit, false, kReqGit, true,
               true},
    CalleeInfo{"fetchurl", CalleeKind::Fetcher, "Downloads one file.", kFetchurl, false, kReqUrl, true, true},
    CalleeInfo{"fetchzip", CalleeKind::Fetcher, "Downloads and unpacks an archive; the hash is of the unpacked tree.",
               kFetchurl, false, kReqUrl, true, true},
    CalleeInfo{"fetchTarball", CalleeKind::Fetcher,
               "Nix's builtin: downloads and unpacks a tarball at evaluation time; `sha256` pins it.",
               kBuiltinFetchTarball, false, kReqUrl, true, false},
    CalleeInfo{"fetchGit", CalleeKind::Fetcher, "Nix's builtin: fetches a git repository at evaluation time; `rev` pins it.",
               kBuiltinFetchGit, false, kReqFetchGit, false, false},
    CalleeInfo{"fetchCrate", CalleeKind::Fetcher, "Downloads a crate from crates.io.", kFetchCrate, false, kReqCrate, true,
               true},
    CalleeInfo{"fetchPypi", CalleeKind::Fetcher, "Downloads a release from PyPI.", kFetchPypi, false, kReqPypi, true, true},
    CalleeInfo{"fetchpatch", CalleeKind::Fetcher, "Downloads a patch, normalised so that the hash stays stable.",
               kFetchpatch, false, kReqUrl, true, true},
    CalleeInfo{"fetchpatch2", CalleeKind::Fetcher, "Downloads a patch (git-style normalisation).", kFetchpatch, false,
               kReqUrl, true, true},
};

constexpr std::array kMeta = {
    ArgInfo{"description", "string", "One line, no trailing period, not starting with the package name.", ""},
    ArgInfo{"longDescription", "string", "Several paragraphs (markdown).", ""},
    ArgInfo{"homepage", "string or list", "The project's web page.", ""},
    ArgInfo{"downloadPage", "string", "Where releases are published.", ""},
    ArgInfo{"changelog", "string", "URL of the changes of this version.", ""},
    ArgInfo{"license", "license or list", "From `lib.licenses` (`lib.licenses.mit`, `with lib.licenses; [ asl20 mit ]`).", ""},
    ArgInfo{"maintainers", "list", "From `lib.maintainers`.", "[ ]"},
    ArgInfo{"teams", "list", "From `lib.teams`.", "[ ]"},
    ArgInfo{"mainProgram", "string", "The executable `nix run` and `lib.getExe` use.", ""},
    ArgInfo{"platforms", "list of strings", "Platforms it builds on (`lib.platforms.linux`, `lib.platforms.unix`).", "all"},
    ArgInfo{"badPlatforms", "list of strings", "Platforms it does not build on.", "[ ]"},
    ArgInfo{"hydraPlatforms", "list of strings", "Platforms Hydra builds it for.", "platforms"},
    ArgInfo{"broken", "bool", "Marks the package as not building.", "false"},
    ArgInfo{"knownVulnerabilities", "list of strings", "Makes nixpkgs refuse to evaluate it unless allowed.", "[ ]"},
    ArgInfo{"sourceProvenance", "list", "Whether it is built from source or binaries (`lib.sourceTypes`).", ""},
    ArgInfo{"priority", "int", "Priority in `nix profile` / `nix-env` conflicts (lower wins).", "5"},
    ArgInfo{"outputsToInstall", "list of strings", "Outputs installed into profiles.", ""},
    ArgInfo{"pkgConfigModules", "list of strings", "pkg-config modules the package provides.", "[ ]"},
    ArgInfo{"position", "string", "Where the package is defined (set by nixpkgs).", ""},
    ArgInfo{"timeout", "int", "Build time limit on Hydra, in seconds.", ""},
    ArgInfo{"maxSilent", "int", "Time without output before Hydra stops the build, in seconds.", ""},
    ArgInfo{"identifiers", "attribute set", "CPE and similar identifiers.", ""},
};

constexpr std::array kHashArgs = {
    HashArg{"hash", std::nullopt, "hash", false},
    HashArg{"sha256", "sha256", "hash", false},
    HashArg{"sha512", "sha512", "hash", false},
    HashArg{"sha1", "sha1", "hash", false},
    HashArg{"md5", "md5", "hash", false},
    HashArg{"outputHash", std::nullopt, "outputHash", false},
    HashArg{"narHash", std::nullopt, "narHash", false},
    HashArg{"vendorHash", std::nullopt, "vendorHash", true},
    HashArg{"vendorSha256", "sha256", "vendorHash", true},
    HashArg{"cargoHash", std::nullopt, "cargoHash", false},
    HashArg{"cargoSha256", "sha256", "cargoHash", false},
    HashArg{"npmDepsHash", std::nullopt, "npmDepsHash", false},
};

constexpr std::array<std::string_view, 20> kBranches = {
    "main",   "master",  "HEAD",    "develop", "development", "dev",     "trunk",  "default", "latest", "nightly",
    "stable", "unstable", "staging", "next",   "release",     "canary",  "edge",   "tip",     "head",   "mainline",
};

constexpr std::string_view kBuildTools[] = {
    "pkg-config",       "pkgconfig",          "cmake",             "meson",
    "ninja",            "makeWrapper",        "makeBinaryWrapper", "installShellFiles",
    "autoreconfHook",   "autoconf",           "automake",          "libtool",
    "bison",            "flex",               "yacc",              "byacc",
    "wrapGAppsHook",    "wrapGAppsHook3",     "wrapGAppsHook4",    "wrapQtAppsHook",
    "copyDesktopItems", "desktop-file-utils", "intltool",          "scdoc",
    "asciidoc",         "asciidoctor",        "help2man",          "texinfo",
    "autoPatchelfHook", "removeReferencesTo", "nasm",              "yasm",
    "m4",               "swig",               "validatePkgConfig", "wayland-scanner",
    "versionCheckHook", "writableTmpDirAsHomeHook", "addDriverRunpath", "autoAddDriverRunpath",
    "cargo",            "rustc",
};

std::string_view lastComponent(std::string_view dotted) {
  const std::size_t dot = dotted.rfind('.');
  return dot == std::string_view::npos ? dotted : dotted.substr(dot + 1);
}

bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

std::span<const CalleeInfo> callees() { return kCallees; }
std::span<const ArgInfo> mkDerivationArgs() { return kMkDerivation; }
std::span<const ArgInfo> metaAttributes() { return kMeta; }

const CalleeInfo* findCallee(std::string_view dotted) {
  const std::string_view last = lastComponent(dotted);
  const std::string_view before = dotted.substr(0, dotted.size() - last.size());
  auto byName = [](std::string_view n) -> const CalleeInfo* {
    for (const CalleeInfo& c : kCallees)
      if (c.name == n) return &c;
    return nullptr;
  };
  if (last == "mkDerivation") {
    // stdenv.mkDerivation, stdenvNoCC.mkDerivation, clangStdenv.mkDerivation,
    // pkgs.stdenv.mkDerivation; not lib.mkDerivation-style helpers of
    // other ecosystems (`mkDerivation` alone is stdenv's in callPackage files).
    if (before.empty() || before.find("tdenv") != std::string_view::npos) return byName("stdenv.mkDerivation");
    return nullptr;
  }
  if (last == "buildPackage" || last == "buildDepsOnly" || last == "cargoBuild" || last == "cargoClippy" ||
      last == "cargoNextest") {
    std::string lower;
    for (char c : before) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("crane") == std::string::npos) return nullptr;
    static constexpr std::pair<std::string_view, std::string_view> kCrane[] = {
        {"buildPackage", "craneLib.buildPackage"}, {"buildDepsOnly", "craneLib.buildDepsOnly"},
        {"cargoBuild", "craneLib.cargoBuild"},     {"cargoClippy", "craneLib.cargoClippy"},
        {"cargoNextest", "craneLib.cargoNextest"},
    };
    for (const auto& [k, v] : kCrane)
      if (k == last) return byName(v);
    return nullptr;
  }
  if (last == "buildRustPackage") return byName("rustPlatform.buildRustPackage");
  // buildGoModule, buildGo122Module, …
  if (last.starts_with("buildGo") && last.ends_with("Module")) {
    const std::string_view mid = last.substr(7, last.size() - 13);
    if (std::all_of(mid.begin(), mid.end(), [](char c) { return c >= '0' && c <= '9'; })) return byName("buildGoModule");
  }
  if (last == "fetchTarball") return byName("fetchTarball");
  if (last == "fetchGit") return byName("fetchGit");
  if (last == "fetchurl" && before == "builtins.") return nullptr;  // builtins.fetchurl: url or { url; sha256; }
  for (const CalleeInfo& c : kCallees) {
    if (c.name == last) return &c;
  }
  return nullptr;
}

const ArgInfo* findArg(const CalleeInfo& c, std::string_view name) {
  for (const ArgInfo& a : c.args)
    if (a.name == name) return &a;
  for (const ArgInfo& a : c.sharedArgs)
    if (a.name == name) return &a;
  if (c.takesMkDerivationArgs) {
    for (const ArgInfo& a : kMkDerivation)
      if (a.name == name) return &a;
  }
  return nullptr;
}

bool isConventionalArg(std::string_view n) {
  if (n.empty()) return true;
  // Environment variables: NIX_CFLAGS_COMPILE, CGO_ENABLED, RUSTFLAGS.
  if (std::all_of(n.begin(), n.end(), [](char c) { return isUpper(c) || (c >= '0' && c <= '9') || c == '_'; }))
    return true;
  auto camelAfter = [&](std::string_view prefix) { return n.size() > prefix.size() && n.starts_with(prefix) && isUpper(n[prefix.size()]); };
  if (camelAfter("pre") || camelAfter("post") || camelAfter("dont") || camelAfter("do") || camelAfter("enable") ||
      camelAfter("disable"))
    return true;
  return n.ends_with("Flags") || n.ends_with("FlagsArray") || n.ends_with("Phase") || n.ends_with("Inputs") ||
         n.ends_with("Hook") || n.starts_with("__");
}

const HashArg* findHashArg(std::string_view name) {
  for (const HashArg& h : kHashArgs)
    if (h.name == name) return &h;
  return nullptr;
}

bool isBranchName(std::string_view rev) {
  if (rev.starts_with("refs/heads/")) return true;
  return std::find(kBranches.begin(), kBranches.end(), rev) != kBranches.end();
}

bool isBuildTool(std::string_view name) {
  return std::find(std::begin(kBuildTools), std::end(kBuildTools), name) != std::end(kBuildTools);
}

}  // namespace fw::packages
