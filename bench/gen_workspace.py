#!/usr/bin/env python3
"""Generates a synthetic Nix workspace for flakewise's benchmarks.

The files are shaped like the code people keep in nixpkgs, NixOS
configurations and flakes: package files (stdenv.mkDerivation, buildGoModule,
craneLib.buildPackage, buildPythonPackage), NixOS modules, flakes, lib-style
helper files, overlays and shells, in three formatting styles (inline formals,
leading commas, and RFC 166 with trailing commas), plus a few large generated
files: a flat package set of ~20,000 bindings (like all-packages.nix), a
~1 MB module-like fleet configuration and a node-packages-style set of pinned
sources.

Every file is a closed, valid Nix expression: each variable it uses is bound
by a lambda, a let or a with, so `nix-instantiate --parse` accepts it.
`--self-check` verifies that on a sample and checks that the output is
deterministic for a seed.

Usage:
  bench/gen_workspace.py [--out DIR] [--size-mb N] [--seed S] [--force]
  bench/gen_workspace.py --self-check [--sample N]

Standard library only. The same seed and size give byte-identical output.
"""

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

GENERATOR_VERSION = 2
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "out", "workspace")

# ---------------------------------------------------------------- vocabulary

SYLLABLES = [
    "ka", "zu", "lo", "mi", "tor", "ven", "ar", "bel", "cor", "dex", "fin", "gal", "hel", "ix",
    "jun", "kel", "lum", "mor", "nex", "ob", "pra", "quo", "ras", "sil", "tek", "ul", "vor",
    "wex", "yar", "zen", "plo", "gri", "sna", "tru", "dra", "fle", "mun", "pax", "rho", "sy",
]
WORDS = [
    "grep", "stream", "cache", "proxy", "sync", "mail", "audio", "image", "graph", "note",
    "term", "shell", "data", "log", "fmt", "lint", "build", "pack", "chat", "feed", "vault",
    "mesh", "flow", "store", "scan", "watch", "pipe", "tile", "bench", "probe", "query", "map",
    "font", "pixel", "wave", "clip", "diff", "patch", "trace", "beam", "dock", "gate", "hook",
    "kern", "link", "mux", "node", "port", "ring", "seed", "task", "unit", "view", "wire",
]
SUFFIXES = ["", "", "", "d", "ctl", "-cli", "fs", "db", "-server", "kit", "js", "-rs", "lib",
            "-tools", "x", "-ng", "2", "-utils"]
ADJECTIVES = [
    "fast", "small", "simple", "modern", "portable", "lightweight", "extensible", "minimal",
    "secure", "declarative", "asynchronous", "cross-platform", "interactive", "terminal-based",
    "distributed", "embeddable", "scriptable", "reproducible", "high-performance", "friendly",
]
NOUNS = [
    "library", "tool", "daemon", "toolkit", "framework", "utility", "server", "client",
    "editor", "viewer", "parser", "compiler", "formatter", "linter", "scheduler", "proxy",
    "database", "file manager", "monitor", "launcher",
]
PURPOSES = [
    "managing dotfiles", "parsing log files", "syncing directories", "sending mail",
    "browsing documentation", "benchmarking HTTP services", "converting images",
    "tracking time", "monitoring system resources", "editing subtitles", "working with JSON",
    "querying SQL databases", "reading RSS feeds", "managing secrets", "building containers",
    "inspecting network traffic", "taking notes", "managing music libraries",
    "generating static sites", "controlling smart home devices",
]
MAINTAINERS = [
    "alice", "bob", "carol", "dmitri", "erin", "farid", "gwen", "hiro", "ines", "jonas", "kai",
    "lena", "mateo", "nadia", "oskar", "priya", "quentin", "rosa", "sven", "tamar", "ugo",
    "vera", "wei", "xavi", "yusuf", "zoe",
]
# A few non-ASCII names, used in comments and descriptions now and then.
UNICODE_NAMES = ["José", "Zoë", "Łukasz", "Søren", "Björk", "Nguyễn", "Ærøskøbing", "Ελένη"]
LICENSES = ["mit", "asl20", "gpl3Plus", "gpl2Only", "bsd3", "mpl20", "lgpl21Plus", "isc",
            "bsd2", "unlicense", "agpl3Only", "zlib"]
PLATFORMS = ["unix", "linux", "all", "darwin"]
CLIBS = [
    "zlib", "openssl", "curl", "libxml2", "sqlite", "libpng", "libjpeg", "ncurses", "readline",
    "glib", "boost", "fmt", "spdlog", "libuv", "pcre2", "libffi", "expat", "bzip2", "xz",
    "zstd", "lz4", "libsodium", "protobuf", "grpc", "libevent", "dbus", "alsa-lib",
    "libpulseaudio", "wayland", "libGL", "SDL2", "freetype", "fontconfig", "harfbuzz", "icu",
    "gmp", "mpfr", "libarchive", "libgit2", "libssh2", "nghttp2", "c-ares", "jansson",
    "yaml-cpp", "nlohmann_json", "libxkbcommon", "pango", "cairo", "gtk3", "libusb1",
]
NATIVE_COMMON = ["pkg-config", "makeWrapper", "installShellFiles", "python3", "perl", "bison",
                 "flex", "gettext", "doxygen", "which", "wrapGAppsHook3", "scdoc"]
PY_DEPS = [
    "requests", "click", "pydantic", "attrs", "rich", "typing-extensions", "aiohttp",
    "pyyaml", "jinja2", "numpy", "packaging", "platformdirs", "httpx", "tomli", "lxml",
    "pillow", "cryptography", "sqlalchemy", "python-dateutil", "six", "urllib3", "certifi",
    "markdown-it-py", "pygments", "tqdm", "msgpack", "protobuf", "websockets", "anyio",
]
PY_CHECK = ["pytestCheckHook", "pytest-asyncio", "pytest-mock", "hypothesis", "freezegun",
            "responses", "pytest-xdist"]
SYSTEMS = ["x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin"]
SERVICE_KINDS = ["web", "db", "cache", "worker", "gateway", "monitor", "builder", "mail"]
SITES = ["ams", "fra", "sfo", "nyc", "sin", "syd", "gru", "waw", "hel", "tyo"]
OPTION_TYPES = [
    ("types.bool", "false"), ("types.port", "8080"), ("types.str", '"info"'),
    ("types.path", '"/var/lib/NAME"'), ("(types.listOf types.str)", "[ ]"),
    ("types.int", "4"), ("(types.nullOr types.str)", "null"),
    ("(types.enum [ \"debug\" \"info\" \"warn\" \"error\" ])", '"info"'),
    ("(types.attrsOf types.str)", "{ }"), ("types.lines", '""'),
    ("types.positiveInt", "1"), ("(types.either types.str types.path)", '"/run/NAME/sock"'),
]


class Writer:
    """Accumulates indented lines."""

    def __init__(self):
        self.lines = []
        self.ind = 0
        self.size = 0  # characters so far, for size targets

    def __call__(self, s=""):
        line = ("  " * self.ind + s) if s else ""
        self.lines.append(line)
        self.size += len(line) + 1

    def push(self, opener=None):
        if opener is not None:
            self(opener)
        self.ind += 1

    def pop(self, closer=None):
        self.ind -= 1
        if closer is not None:
            self(closer)

    def text(self):
        # Invariant: every push was popped, so the file ends unindented.
        assert self.ind == 0, "unbalanced indentation (%d)" % self.ind
        return "\n".join(self.lines) + "\n"


class Gen:
    """Deterministic producer of names, values and whole files."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.used = set()
        self._scope = set()  # formals of the file being written

    # -- small values

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def some(self, seq, lo, hi):
        k = self.r.randint(lo, min(hi, len(seq)))
        return self.r.sample(seq, k)

    def fresh_name(self):
        """A package-like name not used before in this workspace."""
        for _ in range(1000):
            shape = self.r.random()
            if shape < 0.4:
                base = self.pick(WORDS) + self.pick(SYLLABLES)
            elif shape < 0.7:
                base = self.pick(SYLLABLES) + self.pick(SYLLABLES) + self.pick(WORDS)
            else:
                base = self.pick(WORDS) + "-" + self.pick(WORDS)
            name = base + self.pick(SUFFIXES)
            if name not in self.used:
                self.used.add(name)
                return name
        n = len(self.used)
        name = "pkg%d" % n
        self.used.add(name)
        return name

    def ident(self, name):
        """A Nix identifier for a package name (valid as a formal)."""
        if name[0].isdigit():
            name = "_" + name
        return name.replace(".", "_")

    def version(self):
        v = self.r.random()
        if v < 0.7:
            return "%d.%d.%d" % (self.r.randint(0, 5), self.r.randint(0, 30), self.r.randint(0, 20))
        if v < 0.85:
            return "%d.%d" % (self.r.randint(1, 40), self.r.randint(0, 12))
        return "0-unstable-20%02d-%02d-%02d" % (self.r.randint(19, 25), self.r.randint(1, 12),
                                               self.r.randint(1, 28))

    def sri(self, algo="sha256", nbytes=32):
        raw = bytes(self.r.getrandbits(8) for _ in range(nbytes))
        return algo + "-" + base64.b64encode(raw).decode()

    def rev(self):
        return "%040x" % self.r.getrandbits(160)

    def description(self):
        adj = self.pick(ADJECTIVES)
        d = "%s %s %s for %s" % ("An" if adj[0] in "aeiou" else "A", adj, self.pick(NOUNS),
                                 self.pick(PURPOSES))
        if self.chance(0.02):
            d += " (written by " + self.pick(UNICODE_NAMES) + ")"
        return d

    def owner(self):
        return self.pick(SYLLABLES) + self.pick(WORDS) + self.pick(["", "-org", "-dev", "hq", "labs"])

    # -- shared pieces

    def formals(self, w, names, style, ellipsis=False, defaults=None, at=None):
        """Writes a formals header `{ a, b ? d, ... }:` in the given style."""
        defaults = defaults or {}
        items = [n + (" ? " + defaults[n] if n in defaults else "") for n in names]
        if ellipsis:
            items.append("...")
        suffix = ("@" + at if at else "") + ":"
        if style == "inline" or len(items) <= 2:
            w("{ " + ", ".join(items) + " }" + suffix if items else "{ }" + suffix)
        elif style == "leading":
            w("{ " + items[0])
            for it in items[1:]:
                w(", " + it)
            w("}" + suffix)
        else:  # rfc166: one per line, trailing commas
            w("{")
            for it in items:
                w("  " + it + ("," if it != "..." else ""))
            w("}" + suffix)

    def list_binding(self, w, key, items, style):
        if not items:
            w(key + " = [ ];")
        elif style == "rfc166" and len(items) > 1 or len(" ".join(items)) > 60:
            w.push(key + " = [")
            for it in items:
                w(it)
            w.pop("];")
        else:
            w(key + " = [ " + " ".join(items) + " ];")

    def meta(self, w, name, style, homepage, version_ref=None, with_lib=None):
        lic = self.pick(LICENSES)
        mains = self.some(MAINTAINERS, 0, 3)
        plat = self.pick(PLATFORMS)
        if with_lib is None:
            with_lib = style != "rfc166" and self.chance(0.6)
        if with_lib:
            w.push("meta = with lib; {")
            w('description = "%s";' % self.description())
            self.long_description(w, name)
            w('homepage = "%s";' % homepage)
            if version_ref and self.chance(0.5):
                w('changelog = "%s/releases/tag/v${%s}";' % (homepage, version_ref))
            w("license = licenses.%s;" % lic)
            w("maintainers = with maintainers; [ %s ];" % " ".join(mains) if mains else "maintainers = [ ];")
            w("platforms = platforms.%s;" % plat)
            if self.chance(0.5):
                w('mainProgram = "%s";' % name)
            w.pop("};")
        else:
            w.push("meta = {")
            w('description = "%s";' % self.description())
            self.long_description(w, name)
            w('homepage = "%s";' % homepage)
            if version_ref and self.chance(0.5):
                w('changelog = "%s/releases/tag/v${%s}";' % (homepage, version_ref))
            if self.chance(0.15):
                w("license = with lib.licenses; [ %s %s ];" % (lic, self.pick(LICENSES)))
            else:
                w("license = lib.licenses.%s;" % lic)
            if mains:
                w("maintainers = with lib.maintainers; [ %s ];" % " ".join(mains))
            else:
                w("maintainers = [ ];")
            w("platforms = lib.platforms.%s;" % plat)
            if self.chance(0.5):
                w('mainProgram = "%s";' % name)
            if self.chance(0.1):
                w("broken = stdenv.hostPlatform.isDarwin;" if "stdenv" in self._scope else "broken = false;")
            w.pop("};")

    def long_description(self, w, name):
        if not self.chance(0.35):
            return
        w.push("longDescription = ''")
        w("%s is %s." % (name, self.description().lower()))
        for _ in range(self.r.randint(1, 5)):
            w("It supports %s, %s and %s, and aims to be %s." % (
                self.pick(PURPOSES), self.pick(PURPOSES), self.pick(PURPOSES), self.pick(ADJECTIVES)))
        w.pop("'';")

    def phase(self, w, key, commands):
        w.push("%s = ''" % key)
        hook = key[0].upper() + key[1:-len("Phase")]
        w("runHook pre" + hook)
        w()
        for c in commands:
            w(c)
        w()
        w("runHook post" + hook)
        w.pop("'';")

    def github_src(self, w, owner, repo, ver_ref, style, key="src", hashkey="hash"):
        w.push("%s = fetchFromGitHub {" % key)
        w('owner = "%s";' % owner)
        w('repo = "%s";' % repo)
        if ver_ref is None:
            w('rev = "%s";' % self.rev())
        elif style == "rfc166" and self.chance(0.5):
            w('tag = "v${%s}";' % ver_ref)
        else:
            w('rev = "v${%s}";' % ver_ref)
        if hashkey == "sha256" or self.chance(0.1):
            w('sha256 = "%s";' % self.sri())
        else:
            w('hash = "%s";' % self.sri())
        w.pop("};")

    # -- package files

    def pkg_mkderivation(self, name, style):
        w = Writer()
        builder = self.pick(["cmake", "meson", "autotools", "make"])
        native = {"cmake": ["cmake"], "meson": ["meson", "ninja"],
                  "autotools": ["autoreconfHook"], "make": []}[builder]
        native += self.some(NATIVE_COMMON, 0, 3)
        libs = self.some(CLIBS, 0, 7)
        flags = self.some(["withGui", "enableTests", "withSystemd", "enableStatic", "withDocs"], 0, 2)
        linux_only = ["systemd"] if self.chance(0.3) else []
        extra = []
        if self.chance(0.25):
            extra.append("fetchpatch")
        if self.chance(0.3):
            extra.append("nix-update-script")
        variant = self.pick(["finalAttrs", "rec", "let"]) if style != "rfc166" else self.pick(
            ["finalAttrs", "finalAttrs", "rec"])
        if variant == "finalAttrs" and self.chance(0.4):
            extra.append("testers")
        use_github = self.chance(0.75)
        fetcher = "fetchFromGitHub" if use_github else "fetchurl"
        args = ["lib", "stdenv", fetcher] + extra + native + libs + linux_only
        args = list(dict.fromkeys(args))
        self._scope = set(args)
        defaults = {f: self.pick(["true", "false", "stdenv.hostPlatform.isLinux"]) for f in flags}
        if self.chance(0.05):
            w("# Packaged by " + self.pick(UNICODE_NAMES) + ".")
        self.formals(w, args + flags, style, defaults=defaults)
        w()
        version = self.version()
        owner = self.owner()
        homepage = "https://%s.example.org/%s" % (owner, name)
        if variant == "let":
            w("let")
            w('  version = "%s";' % version)
            w("in")
            w.push("stdenv.mkDerivation {")
            w('pname = "%s";' % name)
            w("inherit version;")
            vref = "version"
            closer = "}"
        elif variant == "rec":
            w.push("stdenv.mkDerivation rec {")
            w('pname = "%s";' % name)
            w('version = "%s";' % version)
            vref = "version"
            closer = "}"
        else:
            w.push("stdenv.mkDerivation (finalAttrs: {")
            w('pname = "%s";' % name)
            w('version = "%s";' % version)
            vref = "finalAttrs.version"
            closer = "})"
        w()
        if use_github:
            self.github_src(w, owner, name, vref, style)
        else:
            w.push("src = fetchurl {")
            w('url = "https://downloads.example.org/%s/%s-${%s}.tar.gz";' % (name, name, vref))
            w('hash = "%s";' % self.sri())
            w.pop("};")
        w()
        if "fetchpatch" in args:
            w.push("patches = [")
            w("./fix-install-paths.patch")
            w.push("(fetchpatch {")
            w('name = "fix-build-with-gcc14.patch";')
            w('url = "https://%s.example.org/%s/commit/%s.patch";' % (owner, name, self.rev()))
            w('hash = "%s";' % self.sri())
            w.pop("})")
            w.pop("];")
            w()
        if self.chance(0.5):
            w.push("postPatch = ''")
            for _ in range(self.r.randint(1, 3)):
                f = self.pick(["CMakeLists.txt", "Makefile", "src/config.h", "meson.build", "setup.cfg"])
                w("substituteInPlace %s \\" % f)
                w('  --replace-fail "/usr/local" "$out"')
            if self.chance(0.4):
                w("patchShebangs scripts/")
            if self.chance(0.3):
                w('export HOME=$TMPDIR')
                w('echo "building ''${pname:-%s}"' % name)
            w.pop("'';")
            w()
        if native:
            self.list_binding(w, "nativeBuildInputs", native, style)
        if libs or linux_only or flags:
            if linux_only:
                w.push("buildInputs = [")
                for it in libs:
                    w(it)
                w.pop("]")
                w("++ lib.optionals stdenv.hostPlatform.isLinux [ systemd ];")
            else:
                self.list_binding(w, "buildInputs", libs, style)
        w()
        flagkey = {"cmake": "cmakeFlags", "meson": "mesonFlags", "autotools": "configureFlags",
                   "make": "makeFlags"}[builder]
        fl = []
        for f in flags:
            opt = f.replace("with", "").replace("enable", "").upper()
            if builder == "cmake":
                fl.append('(lib.cmakeBool "ENABLE_%s" %s)' % (opt, f))
            elif builder == "meson":
                fl.append('(lib.mesonEnable "%s" %s)' % (opt.lower(), f))
            elif builder == "autotools":
                fl.append('(lib.enableFeature %s "%s")' % (f, opt.lower()))
            else:
                fl.append('"%s=${if %s then "1" else "0"}"' % (opt, f))
        if builder == "make":
            fl.insert(0, '"PREFIX=${placeholder "out"}"')
        if fl:
            w.push(flagkey + " = [")
            for x in fl:
                w(x)
            w.pop("];")
            w()
        if self.chance(0.3):
            w('outputs = [ %s ];' % " ".join('"%s"' % o for o in self.some(["out", "dev", "lib", "man", "doc"], 2, 4)))
        for flag in self.some(["strictDeps", "enableParallelBuilding", "separateDebugInfo", "__structuredAttrs"], 0, 3):
            w("%s = true;" % flag)
        if self.chance(0.3):
            w('env.NIX_CFLAGS_COMPILE = "-Wno-error=%s";' % self.pick(
                ["deprecated-declarations", "format-security", "implicit-function-declaration"]))
        if self.chance(0.15):
            w()
            w.push("preConfigure = ''")
            w("export CFLAGS=\"$CFLAGS -I${lib.getDev %s}/include\"" % (libs[0] if libs else "stdenv.cc.libc"))
            w("./autogen.sh --no-configure")
            w.pop("'';")
        if builder == "make" and self.chance(0.5):
            w()
            self.phase(w, "installPhase", [
                "install -Dm755 build/%s -t $out/bin" % name,
                "install -Dm644 doc/%s.1 -t $out/share/man/man1" % name,
                "cp -r share $out/",
            ])
        w()
        if self.chance(0.4):
            w("# %s" % self.pick(["Tests need network access.", "The test suite is flaky on Hydra.",
                                  "Tests are run in installCheckPhase instead.",
                                  "See the upstream issue about failing tests on aarch64."]))
        w("doCheck = %s;" % self.pick(["true", "false", "stdenv.buildPlatform.canExecute stdenv.hostPlatform"]))
        if "makeWrapper" in args:
            w()
            w.push("postInstall = ''")
            w("wrapProgram $out/bin/%s \\" % name)
            w("  --prefix PATH : ${lib.makeBinPath [ %s ]}" % " ".join(libs[:2] or ["stdenv.cc"]))
            w.pop("'';")
        if "nix-update-script" in args or "testers" in args:
            w()
            w.push("passthru = {")
            if "nix-update-script" in args:
                w("updateScript = nix-update-script { };")
            if "testers" in args:
                w("tests.version = testers.testVersion { package = finalAttrs.finalPackage; };")
            w.pop("};")
        w()
        self.meta(w, name, style, homepage, vref)
        w.pop(closer)
        return w.text()

    def pkg_go(self, name, style):
        w = Writer()
        extra = self.some(["installShellFiles", "makeWrapper", "git", "nix-update-script"], 0, 3)
        args = ["lib", "buildGoModule", "fetchFromGitHub"] + extra
        self._scope = set(args)
        self.formals(w, args, style)
        w()
        owner = self.owner()
        homepage = "https://%s.example.org/%s" % (owner, name)
        w.push("buildGoModule rec {")
        w('pname = "%s";' % name)
        w('version = "%s";' % self.version())
        w()
        self.github_src(w, owner, name, "version", style)
        w()
        w('vendorHash = %s;' % ('"%s"' % self.sri() if self.chance(0.85) else "null"))
        w()
        subs = ["cmd/" + name] + (["cmd/" + name + "-agent"] if self.chance(0.3) else [])
        self.list_binding(w, "subPackages", ['"%s"' % s for s in subs], style)
        w()
        w.push("ldflags = [")
        w('"-s"')
        w('"-w"')
        w('"-X main.version=${version}"')
        if self.chance(0.5):
            w('"-X %s.example.org/%s/internal/build.Commit=${src.rev}"' % (owner, name))
        w.pop("];")
        tags = self.some(["netgo", "osusergo", "sqlite_omit_load_extension", "release"], 0, 2)
        if tags:
            self.list_binding(w, "tags", ['"%s"' % t for t in tags], style)
        w()
        if self.chance(0.3):
            w("env.CGO_ENABLED = 0;")
        if self.chance(0.2):
            w("proxyVendor = true;")
        if self.chance(0.3):
            w()
            w.push("preBuild = ''")
            w("go generate ./...")
            w('substituteInPlace internal/version/version.go --replace-fail "dev" "${version}"')
            w.pop("'';")
        if self.chance(0.3):
            w()
            w("doInstallCheck = true;")
            self.phase(w, "installCheckPhase", ["$out/bin/%s --version | grep ${version}" % name])
        w()
        if "installShellFiles" in args:
            self.list_binding(w, "nativeBuildInputs", ["installShellFiles"], style)
            w()
            w.push("postInstall = ''")
            w("installShellCompletion --cmd %s \\" % name)
            w("  --bash <($out/bin/%s completion bash) \\" % name)
            w("  --fish <($out/bin/%s completion fish) \\" % name)
            w("  --zsh <($out/bin/%s completion zsh)" % name)
            w.pop("'';")
            w()
        if self.chance(0.4):
            w.push("checkFlags = [")
            w('"-skip=Test%s"' % self.pick(["Integration", "Network", "Docker", "E2E"]))
            w.pop("];")
            w()
        if "nix-update-script" in args:
            w("passthru.updateScript = nix-update-script { };")
            w()
        self.meta(w, name, style, homepage, "version")
        w.pop("}")
        return w.text()

    def pkg_crane(self, name, style):
        w = Writer()
        args = ["lib", "craneLib", "stdenv", "pkg-config", "openssl", "darwin"]
        if self.chance(0.4):
            args.append("sqlite")
        self._scope = set(args)
        self.formals(w, args, style)
        w()
        w("let")
        w.ind += 1
        w("src = craneLib.cleanCargoSource ./.;")
        w()
        w("# Arguments shared by the dependency build and the package build.")
        w.push("commonArgs = {")
        w("inherit src;")
        w("strictDeps = true;")
        w()
        self.list_binding(w, "nativeBuildInputs", ["pkg-config"], style)
        w.push("buildInputs = [")
        w("openssl")
        if "sqlite" in args:
            w("sqlite")
        w.pop("]")
        w("++ lib.optionals stdenv.hostPlatform.isDarwin [")
        w("  darwin.apple_sdk.frameworks.Security")
        w("  darwin.apple_sdk.frameworks.SystemConfiguration")
        w("];")
        if self.chance(0.5):
            w()
            w('CARGO_PROFILE = "%s";' % self.pick(["release", "dist"]))
        w.pop("};")
        w()
        w("cargoArtifacts = craneLib.buildDepsOnly commonArgs;")
        w.ind -= 1
        w("in")
        w.push("craneLib.buildPackage (")
        w.push("commonArgs // {")
        w("inherit cargoArtifacts;")
        w("doCheck = %s;" % self.pick(["true", "false"]))
        if self.chance(0.5):
            w('cargoExtraArgs = "--locked --bin %s";' % name)
        if self.chance(0.4):
            w('cargoTestExtraArgs = "-- --skip %s";' % self.pick(["network", "integration", "e2e"]))
        w()
        self.meta(w, name, style, "https://%s.example.org/%s" % (self.owner(), name), None,
                  with_lib=False)
        w.pop("}")
        w.pop(")")
        return w.text()

    def pkg_python(self, name, style):
        w = Writer()
        deps = self.some(PY_DEPS, 1, 6)
        checks = self.some(PY_CHECK, 1, 3)
        if "pytestCheckHook" not in checks:
            checks.insert(0, "pytestCheckHook")
        backend = self.pick(["setuptools", "hatchling", "poetry-core", "flit-core", "setuptools-scm"])
        pypi = self.chance(0.6)
        args = ["lib", "buildPythonPackage", "fetchPypi" if pypi else "fetchFromGitHub",
                "pythonOlder", backend] + deps + checks
        args = list(dict.fromkeys(args))
        self._scope = set(args)
        self.formals(w, args, style)
        w()
        w.push("buildPythonPackage rec {")
        w('pname = "%s";' % name)
        w('version = "%s";' % self.version())
        w("pyproject = true;")
        w()
        w('disabled = pythonOlder "3.%d";' % self.r.randint(8, 11))
        w()
        if pypi:
            w.push("src = fetchPypi {")
            w("inherit pname version;")
            w('hash = "%s";' % self.sri())
            w.pop("};")
        else:
            self.github_src(w, self.owner(), name, "version", style)
        w()
        if self.chance(0.3):
            w.push("postPatch = ''")
            w("substituteInPlace pyproject.toml \\")
            w("  --replace-fail '\"%s>=68\"' '\"%s\"'" % (backend, backend))
            w.pop("'';")
            w()
        self.list_binding(w, "build-system", [backend], style)
        w()
        if self.chance(0.2):
            self.list_binding(w, "pythonRelaxDeps", ['"%s"' % d for d in self.some(deps, 1, 2)], style)
            w()
        self.list_binding(w, "dependencies", deps, style)
        w()
        if self.chance(0.3):
            w.push("optional-dependencies = {")
            w("cli = [ %s ];" % self.pick(deps))
            w.pop("};")
            w()
        self.list_binding(w, "nativeCheckInputs", checks, style)
        w()
        w('pythonImportsCheck = [ "%s" ];' % name.replace("-", "_"))
        if self.chance(0.5):
            w()
            w.push("disabledTests = [")
            w("# Needs network access.")
            for _ in range(self.r.randint(1, 4)):
                w('"test_%s_%s"' % (self.pick(WORDS), self.pick(WORDS)))
            w.pop("];")
        if self.chance(0.2):
            w()
            self.list_binding(w, "disabledTestPaths", ['"tests/test_%s.py"' % self.pick(WORDS)], style)
        if self.chance(0.2):
            w()
            self.list_binding(w, "pytestFlagsArray", ['"-W"', '"ignore::DeprecationWarning"'], style)
        if self.chance(0.3):
            w()
            w.push("preCheck = ''")
            w("export HOME=$(mktemp -d)")
            w.pop("'';")
        w()
        self.meta(w, name, style, "https://%s.example.org/%s" % (self.owner(), name), "version")
        w.pop("}")
        return w.text()

    # -- NixOS modules

    def module(self, name, style):
        w = Writer()
        cat = self.pick(["services", "programs", "services", "services"])
        cfgpath = "%s.%s" % (cat, name)
        self.formals(w, ["config", "lib", "pkgs"], style, ellipsis=True)
        w()
        w("let")
        w.ind += 1
        w("cfg = config.%s;" % cfgpath)
        w("inherit (lib)")
        w("  mkEnableOption mkIf mkOption mkPackageOption types literalExpression")
        w("  optional optionalString concatStringsSep mapAttrsToList;")
        fmt = self.pick(["toml", "yaml", "json", "ini"])
        w("settingsFormat = pkgs.formats.%s { };" % fmt)
        w('configFile = settingsFormat.generate "%s.%s" cfg.settings;' % (name, fmt))
        if self.chance(0.5):
            w.push("args = concatStringsSep \" \" (")
            w('[ "--config" "${configFile}" ]')
            w('++ optional cfg.openFirewall "--listen 0.0.0.0"')
            w("++ cfg.extraArgs")
            w.pop(");")
        else:
            w('args = "--config ${configFile} ${concatStringsSep " " cfg.extraArgs}";')
        w.ind -= 1
        w("in")
        w.push("{")
        w.push("options.%s = {" % cfgpath)
        w('enable = mkEnableOption "the %s %s";' % (name, self.pick(NOUNS)))
        w()
        w('package = mkPackageOption pkgs "%s" { };' % name)
        w()
        opts = ["user", "group", "dataDir", "port", "openFirewall", "extraArgs", "settings"]
        extra_opts = []
        for _ in range(self.r.randint(2, 12)):
            on = self.pick(WORDS) + self.pick(["Interval", "Timeout", "Level", "Path", "Limit",
                                               "Workers", "Url", "Name", "Size", "Mode"])
            if on not in extra_opts:
                extra_opts.append(on)
        for o in opts + extra_opts:
            if o == "user":
                typ, dflt = "types.str", '"%s"' % name
            elif o == "group":
                typ, dflt = "types.str", '"%s"' % name
            elif o == "dataDir":
                typ, dflt = "types.path", '"/var/lib/%s"' % name
            elif o == "port":
                typ, dflt = "types.port", str(self.r.randint(1024, 65000))
            elif o == "openFirewall":
                w('openFirewall = mkEnableOption "opening the firewall for %s";' % name)
                w()
                continue
            elif o == "extraArgs":
                typ, dflt = "(types.listOf types.str)", "[ ]"
            elif o == "settings":
                w.push("settings = mkOption {")
                w.push("type = types.submodule {")
                w("freeformType = settingsFormat.type;")
                w.push("options.log_level = mkOption {")
                w('type = types.enum [ "debug" "info" "warn" "error" ];')
                w('default = "info";')
                w('description = "How much the daemon logs.";')
                w.pop("};")
                w.pop("};")
                w("default = { };")
                w.push("example = literalExpression ''")
                w("{")
                w('  log_level = "debug";')
                w('  listen = "127.0.0.1:${toString cfg.port}";')
                w("}")
                w.pop("'';")
                w.push("description = ''")
                w("Configuration for %s, see" % name)
                w("<https://%s.example.org/docs/configuration> for the options." % name)
                w.pop("'';")
                w.pop("};")
                w()
                continue
            else:
                typ, dflt = self.pick(OPTION_TYPES)
                dflt = dflt.replace("NAME", name)
            w.push("%s = mkOption {" % o)
            w("type = %s;" % typ)
            w("default = %s;" % dflt)
            if self.chance(0.3):
                w('example = literalExpression "%s";' % dflt.replace('"', '\\"'))
            if self.chance(0.6):
                w('description = "%s of the %s service.";' % (o, name))
            else:
                w.push("description = ''")
                w("The %s used by %s." % (o, name))
                w("Changing this requires a restart of the service.")
                w.pop("'';")
            w.pop("};")
            w()
        if w.lines[-1] == "":
            w.lines.pop()
        w.pop("};")
        w()
        w.push("config = mkIf cfg.enable {")
        if self.chance(0.5):
            w.push("assertions = [")
            w.push("{")
            w("assertion = cfg.port != 0;")
            w('message = "%s.port must not be 0";' % cfgpath)
            w.pop("}")
            w.pop("];")
            w()
        w("environment.systemPackages = [ cfg.package ];")
        w()
        w.push("users.users.${cfg.user} = {")
        w("isSystemUser = true;")
        w("group = cfg.group;")
        w("home = cfg.dataDir;")
        w.pop("};")
        w("users.groups.${cfg.group} = { };")
        w()
        w("networking.firewall.allowedTCPPorts = optional cfg.openFirewall cfg.port;")
        w()
        w('systemd.tmpfiles.rules = [ "d \'${cfg.dataDir}\' 0750 ${cfg.user} ${cfg.group} - -" ];')
        w()
        units = [name] + (["%s-%s" % (name, self.pick(["backup", "cleanup", "migrate"]))]
                          if self.chance(0.4) else [])
        for u in units:
            w.push("systemd.services.%s = {" % u)
            w('description = "%s %s";' % (u, self.pick(NOUNS)))
            if u == name:
                w('wantedBy = [ "multi-user.target" ];')
                w('after = [ "network-online.target" ];')
                w('wants = [ "network-online.target" ];')
            else:
                w('startAt = "%s";' % self.pick(["daily", "weekly", "hourly", "*-*-* 03:00:00"]))
            if self.chance(0.5):
                w.push("environment = {")
                w("%s_HOME = cfg.dataDir;" % name.upper().replace("-", "_"))
                w('%s_PORT = toString cfg.port;' % name.upper().replace("-", "_"))
                w.pop("};")
            if self.chance(0.4):
                w.push("preStart = ''")
                w("mkdir -p ${cfg.dataDir}/state")
                w("${optionalString cfg.openFirewall \"echo listening publicly\"}")
                w.pop("'';")
            w.push("serviceConfig = {")
            w('ExecStart = "${lib.getExe cfg.package} ${args}";')
            w("User = cfg.user;")
            w("Group = cfg.group;")
            w("WorkingDirectory = cfg.dataDir;")
            w('Restart = "%s";' % self.pick(["on-failure", "always"]))
            hard = ["NoNewPrivileges", "PrivateTmp", "ProtectHome", "ProtectKernelTunables",
                    "ProtectKernelModules", "ProtectControlGroups", "RestrictSUIDSGID",
                    "LockPersonality", "MemoryDenyWriteExecute", "PrivateDevices"]
            for h in self.some(hard, 2, 10):
                w("%s = true;" % h)
            w('ProtectSystem = "strict";')
            w("ReadWritePaths = [ cfg.dataDir ];")
            if self.chance(0.4):
                w('SystemCallFilter = [ "@system-service" "~@privileged" ];')
            w.pop("};")
            w.pop("};")
        w.pop("};")
        if self.chance(0.5):
            w()
            w("meta.maintainers = with lib.maintainers; [ %s ];" % " ".join(self.some(MAINTAINERS, 1, 3)))
        w.pop("}")
        return w.text()

    # -- flakes

    def flake(self, name, style):
        w = Writer()
        kind = self.pick(["utils", "genAttrs", "crane"])
        w.push("{")
        w('description = "%s";' % self.description())
        w()
        w.push("inputs = {")
        w('nixpkgs.url = "github:NixOS/nixpkgs/%s";' % self.pick(["nixos-unstable", "nixos-24.05", "nixpkgs-unstable"]))
        inputs = ["self", "nixpkgs"]
        if kind == "utils":
            w('flake-utils.url = "github:numtide/flake-utils";')
            inputs.append("flake-utils")
        if kind == "crane":
            w('crane.url = "github:ipetkov/crane";')
            w.push("rust-overlay = {")
            w('url = "github:oxalica/rust-overlay";')
            w('inputs.nixpkgs.follows = "nixpkgs";')
            w.pop("};")
            inputs += ["crane", "rust-overlay"]
        w.pop("};")
        w()
        w("outputs =")
        w.ind += 1
        self.formals(w, inputs, "inline" if style != "rfc166" else "rfc166", ellipsis=True, at="inputs")
        prog = self.pick(["go", "python", "c"])
        if kind == "utils":
            w.push("flake-utils.lib.eachDefaultSystem (")
            w("system:")
            w("let")
            w("  pkgs = nixpkgs.legacyPackages.${system};")
            w("in")
            w.push("{")
            w.push("packages = {")
            w("default = pkgs.callPackage ./nix/package.nix { };")
            w("%s = self.packages.${system}.default;" % name)
            w.pop("};")
            w()
            w.push("devShells.default = pkgs.mkShell {")
            w("inputsFrom = [ self.packages.${system}.default ];")
            w.push("packages = with pkgs; [")
            w({"go": "go gopls golangci-lint", "python": "python3 ruff pyright",
               "c": "clang-tools gdb valgrind"}[prog])
            w.pop("];")
            w.pop("};")
            w()
            w("formatter = pkgs.nixfmt-rfc-style;")
            w.pop("}")
            w.pop(")")
            w.push("// {")
            w.push("overlays.default = final: prev: {")
            w("%s = final.callPackage ./nix/package.nix { };" % name)
            w.pop("};")
            w("nixosModules.default = import ./nix/module.nix;")
            w.pop("};")
        elif kind == "genAttrs":
            w("let")
            w.ind += 1
            w("systems = [ %s ];" % " ".join('"%s"' % s for s in SYSTEMS))
            w("forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});")
            w.ind -= 1
            w("in")
            w.push("{")
            w.push("packages = forAllSystems (pkgs: {")
            w("default = pkgs.callPackage ./default.nix { };")
            w.pop("});")
            w()
            w.push("checks = forAllSystems (pkgs: {")
            w("build = self.packages.${pkgs.system}.default;")
            w.push('fmt = pkgs.runCommand "check-fmt" { nativeBuildInputs = [ pkgs.nixfmt-rfc-style ]; } \'\'')
            w("nixfmt --check ${./.}")
            w("touch $out")
            w.pop("'';")
            w.pop("});")
            w()
            w.push("devShells = forAllSystems (pkgs: {")
            w("default = pkgs.mkShell { packages = [ pkgs.nil pkgs.nixfmt-rfc-style ]; };")
            w.pop("});")
            w.pop("};")
        else:
            w.push("let")
            w('system = "%s";' % self.pick(SYSTEMS))
            w.push("pkgs = import nixpkgs {")
            w("inherit system;")
            w("overlays = [ (import rust-overlay) ];")
            w.pop("};")
            w("rustToolchain = pkgs.rust-bin.stable.latest.default.override { extensions = [ \"rust-src\" ]; };")
            w("craneLib = (crane.mkLib pkgs).overrideToolchain rustToolchain;")
            w("package = pkgs.callPackage ./nix/package.nix { inherit craneLib; };")
            w.pop("in")
            w.push("{")
            w("packages.${system}.default = package;")
            w("checks.${system}.default = package;")
            w.push("devShells.${system}.default = craneLib.devShell {")
            w("inputsFrom = [ package ];")
            w("packages = [ pkgs.rust-analyzer pkgs.cargo-nextest ];")
            w.pop("};")
            w.pop("};")
        w.ind -= 1
        w.pop("}")
        return w.text()

    # -- lib-style helpers

    def lib_file(self, name, style):
        w = Writer()
        if self.chance(0.1):
            w("/* %s: helpers for %s (%s). */" % (name, self.pick(PURPOSES), self.pick(UNICODE_NAMES)))
        w("{ lib }:")
        w()
        w("let")
        w.ind += 1
        w("inherit (builtins)")
        w("  attrNames concatStringsSep filter foldl' head length listToAttrs match replaceStrings")
        w("  split stringLength substring tail typeOf;")
        w("inherit (lib) mapAttrs mapAttrsToList optionalString optionals nameValuePair;")
        w()
        # Private helpers, referenced by the public ones.
        w('sep = "%s";' % self.pick(["-", "_", ".", "/"]))
        w("isEmpty = s: s == \"\";")
        w.ind -= 1
        w("in")
        rec = self.chance(0.66)
        w("rec {" if rec else "{")
        w.ind += 1
        names = []
        for _ in range(self.r.randint(6, 22)):
            fname = self.pick(["to", "from", "make", "merge", "filter", "split", "join", "render",
                               "count", "find", "with", "map", "is", "has", "normalise"]) + \
                self.pick(["Name", "Path", "Attrs", "List", "Words", "Version", "Flags", "Env",
                           "Ini", "Options", "Prefix", "Suffix", "Hosts", "Ports", "Users"])
            if fname in names:
                continue
            names.append(fname)
            kind = self.r.randint(0, 11)
            if self.chance(0.6):
                w("/**")
                w("  %s: %s." % (fname, self.description()))
                w()
                w("  # Example")
                w()
                w("  ```nix")
                w('  %s "a" [ "b" "c" ]' % fname)
                w("  ```")
                w("*/")
            elif self.chance(0.5):
                w("# %s" % self.description())
            if kind == 0:
                w("%s = words: concatStringsSep sep (filter (x: !isEmpty x) words);" % fname)
            elif kind == 1:
                w.push("%s =" % fname)
                self.formals(w, ["prefix", "name", "suffix"], style,
                             defaults={"prefix": '"x"', "suffix": "null"})
                w('"${prefix}${sep}${name}${optionalString (suffix != null) "${sep}${suffix}"}";')
                w.ind -= 1
            elif kind == 2:
                w.push("%s = f: list:" % fname)
                w("foldl' (acc: x: acc // { ${f x} = (acc.${f x} or 0) + 1; }) { } list;")
                w.ind -= 1
            elif kind == 3:
                w.push("%s = attrs:" % fname)
                w.push("concatStringsSep \"\\n\" (")
                w('mapAttrsToList (k: v: "${k}=${if typeOf v == "bool" then (if v then "yes" else "no") else toString v}") attrs')
                w.pop(");")
                w.ind -= 1
            elif kind == 4:
                w("%s = f: let x = f x; in x;" % fname)
            elif kind == 5:
                w.push("%s = str:" % fname)
                w("let")
                w("  parts = filter (p: typeOf p == \"string\" && p != \"\") (split \"[.-]\" str);")
                w("in")
                w("if length parts == 0 then null else { major = head parts; rest = tail parts; };")
                w.ind -= 1
            elif kind == 6:
                w.push("%s = hosts:" % fname)
                w.push("listToAttrs (")
                w.push("map (h:")
                w("nameValuePair h.name {")
                w("  address = h.address or \"127.0.0.1\";")
                w("  port = h.port or 22;")
                w("  tags = optionals (h ? tags) h.tags;")
                w("}")
                w.pop(") hosts")
                w.pop(");")
                w.ind -= 1
            elif kind == 7:
                w.push("%s = s:" % fname)
                w('replaceStrings [ "\\"" "\\\\" "\\n" ] [ "\\\\\\"" "\\\\\\\\" "\\\\n" ] s;')
                w.ind -= 1
            elif kind == 8:
                w.push("%s = name: value:" % fname)
                w("assert lib.isString name;")
                w("if value == null then [ ]")
                w('else if typeOf value == "list" then map (v: "--${name}=${toString v}") value')
                w('else [ "--${name}=${toString value}" ];')
                w.ind -= 1
            elif kind == 9:
                w.push("%s = s:" % fname)
                w("let")
                w("  m = match \"([^=]*)=(.*)\" s;")
                w("in")
                w("if m == null then { key = s; value = null; } else { key = head m; value = head (tail m); };")
                w.ind -= 1
            elif kind == 10:
                w.push("%s = env:" % fname)
                w.push("''")
                w("# generated, do not edit")
                w('${concatStringsSep "\\n" (mapAttrsToList (k: v: "export ${k}=\\"${v}\\"") env)}')
                w("export PATH=\"$PATH:''${EXTRA_PATH:-/usr/bin}\"")
                w.pop("'';")
                w.ind -= 1
            else:
                w.push("%s = n: s:" % fname)
                w("if stringLength s <= n then s else substring 0 n s + \"…\";")
                w.ind -= 1
            w()
        if rec and len(names) > 2:
            w("# Aliases kept for compatibility.")
            w("%sCompat = %s;" % (names[0], names[1]))
        if w.lines[-1] == "":
            w.lines.pop()
        w.ind -= 1
        w("}")
        return w.text()

    # -- smaller kinds

    def overlay(self, name, style):
        w = Writer()
        w("final: prev:")
        w()
        w.push("{")
        for _ in range(self.r.randint(3, 15)):
            pn = self.fresh_name()
            k = self.r.randint(0, 3)
            if k == 0:
                w("%s = final.callPackage ./pkgs/%s { };" % (pn, pn))
            elif k == 1:
                w.push("%s = prev.%s.overrideAttrs (old: {" % (pn, pn))
                w('version = "%s";' % self.version())
                w('patches = (old.patches or [ ]) ++ [ ./patches/%s.patch ];' % pn)
                w.pop("});")
            elif k == 2:
                w('%s = prev.%s.override { withX11 = false; };' % (pn, pn))
            else:
                w.push("python3 = prev.python3.override {")
                w.push("packageOverrides = pyFinal: pyPrev: {")
                w("%s = pyFinal.callPackage ./python/%s.nix { };" % (self.ident(pn), pn))
                w.pop("};")
                w.pop("};")
                break
        w.pop("}")
        return w.text()

    def shell(self, name, style):
        w = Writer()
        w("{ pkgs ? import <nixpkgs> { } }:")
        w()
        w.push("pkgs.mkShell {")
        w("name = \"%s-dev\";" % name)
        w.push("packages = with pkgs; [")
        for p in self.some(["git", "jq", "go", "nodejs", "python3", "cargo", "rustc", "cmake",
                            "gnumake", "shellcheck", "nixfmt-rfc-style", "ripgrep"], 2, 7):
            w(p)
        w.pop("];")
        w.push("shellHook = ''")
        w("export PROJECT_ROOT=$PWD")
        w('echo "entering ${pkgs.lib.getName pkgs.hello} shell"')
        w.pop("'';")
        w.pop("}")
        return w.text()

    def nixos_test(self, name, style):
        w = Writer()
        w.push('import ./make-test-python.nix ({ pkgs, lib, ... }: {')
        w('name = "%s";' % name)
        w("meta.maintainers = [ lib.maintainers.%s ];" % self.pick(MAINTAINERS))
        w()
        w.push("nodes = {")
        for node in self.some(["machine", "server", "client", "router"], 1, 3):
            w.push("%s = { config, pkgs, ... }: {" % node)
            w("services.%s.enable = true;" % name)
            w("services.%s.port = %d;" % (name, self.r.randint(1024, 60000)))
            w("environment.systemPackages = [ pkgs.curl ];")
            w("networking.firewall.enable = false;")
            w.pop("};")
        w.pop("};")
        w()
        w.push("testScript = ''")
        w("start_all()")
        w('machine.wait_for_unit("%s.service")' % name)
        w('machine.succeed("curl --fail http://localhost/health")')
        w('machine.log(machine.succeed("systemctl status %s"))' % name)
        w.pop("'';")
        w.pop("})")
        return w.text()


# ---------------------------------------------------------------- large files

CATEGORIES = ["tools", "misc", "servers", "games", "os", "data", "apps", "libs", "shells", "net"]


def flat_package_set(g, bindings, known):
    """A flat set like nixpkgs' all-packages.nix: ~50 bytes per binding."""
    w = Writer()
    w("/* This file composes the package set. Everything here is a call of")
    w("   callPackage on a directory; see pkgs/by-name for the files. */")
    w("{ lib, pkgs, callPackage }:")
    w()
    w("{")
    names = []
    for k in range(bindings):
        if k < len(known):
            names.append(known[k])
        else:
            names.append(g.fresh_name())
    for k, n in enumerate(names):
        if k % 997 == 0:
            w()
            w("  ### %s" % g.pick(["TOOLS", "DEVELOPMENT", "SERVERS", "LIBRARIES", "GAMES", "DESKTOPS"]))
            w()
        r = g.r.random()
        cat = g.pick(CATEGORIES)
        if r < 0.9:
            w("  %s = callPackage ../%s/%s { };" % (n, cat, n))
        elif r < 0.95:
            w("  %s = callPackage ../%s/%s { openssl = pkgs.openssl_3; };" % (n, cat, n))
        elif r < 0.98:
            w("  %s = pkgs.%s;" % (n, g.pick(names[: k + 1])))
        else:
            w("  inherit (pkgs.python3Packages) %s;" % g.ident(n))
    w("}")
    return w.text()


def fleet_module(g, target_bytes):
    """A ~1 MB module-like configuration: nested attrsets and lets."""
    w = Writer()
    w("# Fleet configuration: every host of every site, with the services it runs.")
    w("# Generated from the inventory; edit the inventory, not this file.")
    w("{ config, lib, pkgs, ... }:")
    w()
    w("let")
    w.ind += 1
    w("inherit (lib) mkIf mkMerge mkDefault mkForce optionals optionalAttrs;")
    w('domain = "fleet.example.internal";')
    w.push("mkUser = name: uid: {")
    w("inherit uid;")
    w("isNormalUser = true;")
    w('extraGroups = [ "wheel" "systemd-journal" ];')
    w('openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${toString uid} ${name}@${domain}" ];')
    w.pop("};")
    w.push("sites = {")
    for s in SITES:
        w.push("%s = {" % s)
        w('subnet = "10.%d.0";' % g.r.randint(1, 250))
        w('gateway = "10.%d.0.1";' % g.r.randint(1, 250))
        w('timeZone = "%s";' % g.pick(["Europe/Amsterdam", "America/New_York", "Asia/Tokyo", "UTC"]))
        w("nameservers = [ \"10.0.0.53\" \"10.0.1.53\" ];")
        w.pop("};")
    w.pop("};")
    w.push("roles = {")
    for role in SERVICE_KINDS:
        w("%s = { ports = [ %s ]; packages = with pkgs; [ %s ]; };" % (
            role, " ".join(str(g.r.randint(80, 9999)) for _ in range(g.r.randint(1, 3))),
            " ".join(g.some(["htop", "curl", "jq", "git", "tcpdump", "iotop", "strace", "vim"], 1, 4))))
    w.pop("};")
    w.ind -= 1
    w("in")
    w("{")
    w.ind += 1
    w.push("options.fleet.hosts = lib.mkOption {")
    w("type = lib.types.attrsOf lib.types.anything;")
    w("default = { };")
    w('description = "Hosts of the fleet, by name.";')
    w.pop("};")
    w()
    w.push("config.fleet.hosts = {")
    idx = 0
    while w.size < target_bytes - 3000:
        idx += 1
        site = g.pick(SITES)
        role = g.pick(SERVICE_KINDS)
        host = "%s-%s-%04d" % (site, role, idx)
        w.push("%s =" % host)
        w("let")
        w.ind += 1
        w("site = sites.%s;" % site)
        w("role = roles.%s;" % role)
        w('address = "${site.subnet}.%d";' % g.r.randint(2, 254))
        w.ind -= 1
        w("in")
        w.push("{")
        w('networking.hostName = "%s";' % host)
        w("networking.domain = domain;")
        w.push("networking.interfaces.eth0.ipv4.addresses = [")
        w("{")
        w("  inherit address;")
        w("  prefixLength = 24;")
        w("}")
        w.pop("];")
        w("networking.defaultGateway = site.gateway;")
        w("networking.nameservers = site.nameservers;")
        w("networking.firewall.allowedTCPPorts = [ 22 ] ++ role.ports;")
        w("time.timeZone = site.timeZone;")
        w("environment.systemPackages = role.packages;")
        w()
        w.push("services = {")
        w.push("openssh = {")
        w("enable = true;")
        w('settings.PasswordAuthentication = false;')
        w.pop("};")
        if role == "web" or g.chance(0.3):
            w.push("nginx = {")
            w("enable = true;")
            w("recommendedProxySettings = true;")
            w.push('virtualHosts."%s.${domain}" = {' % host)
            w("forceSSL = %s;" % g.pick(["true", "false"]))
            w('locations."/".proxyPass = "http://127.0.0.1:%d";' % g.r.randint(3000, 9000))
            if g.chance(0.5):
                w.push('locations."/metrics" = {')
                w('proxyPass = "http://127.0.0.1:9100";')
                w.push("extraConfig = ''")
                w("allow 10.0.0.0/8;")
                w("deny all;")
                w.pop("'';")
                w.pop("};")
            w.pop("};")
            w.pop("};")
        if role == "db" or g.chance(0.2):
            w.push("postgresql = {")
            w("enable = true;")
            w("package = pkgs.postgresql_%d;" % g.pick([14, 15, 16]))
            w('ensureDatabases = [ "%s" ];' % g.pick(WORDS))
            w.push("settings = {")
            w("max_connections = %d;" % g.pick([100, 200, 500]))
            w('shared_buffers = "%dMB";' % g.pick([128, 512, 2048]))
            w.pop("};")
            w.pop("};")
        if g.chance(0.5):
            w.push("prometheus.exporters.node = {")
            w("enable = true;")
            w('enabledCollectors = [ "systemd" "processes" ];')
            w.pop("};")
        w.pop("};")
        w()
        apps = sorted({g.pick(WORDS) + "-" + g.pick(SYLLABLES) for _ in range(g.r.randint(0, 2))})
        for app in apps:
            w.push("systemd.services.%s =" % app)
            w("let")
            w("  port = %d;" % g.r.randint(3000, 9000))
            w("in")
            w.push("{")
            w('description = "%s for %s";' % (app, host))
            w('wantedBy = [ "multi-user.target" ];')
            w('after = [ "network.target" ];')
            w("environment.PORT = toString port;")
            w.push("serviceConfig = {")
            w('ExecStart = "${pkgs.%s}/bin/%s --port ${toString port}";' % (g.pick(WORDS), g.pick(WORDS)))
            w('Restart = "always";')
            w("DynamicUser = true;")
            w('MemoryMax = "%dM";' % g.pick([256, 512, 1024]))
            w.pop("};")
            w.pop("};")
            w.ind -= 1
        w.push("users.users = {")
        for u in g.some(MAINTAINERS, 1, 3):
            w("%s = mkUser \"%s\" %d;" % (u, u, 1000 + MAINTAINERS.index(u)))
        w.pop("};")
        if g.chance(0.3):
            w("boot.kernel.sysctl.\"net.core.somaxconn\" = mkDefault %d;" % g.pick([1024, 4096]))
        w.pop("};")
        w.ind -= 1
    w.pop("};")
    w.ind -= 1
    w("}")
    return w.text()


def node_packages(g, target_bytes):
    """A node-packages.nix-style file of pinned sources (generated code)."""
    w = Writer()
    w("# This file has been generated by a node2nix-like tool. Do not edit!")
    w()
    w("{ nodeEnv, fetchurl, fetchgit, nix-gitignore, stdenv, lib, globalBuildInputs ? [ ] }:")
    w()
    w("let")
    w("  sources = {")
    keys = []
    w.ind = 2
    while w.size < target_bytes * 0.75:
        scope = g.chance(0.2)
        pn = g.fresh_name()
        full = ("@%s/%s" % (g.pick(WORDS), pn)) if scope else pn
        ver = g.version().split("-")[0]
        key = "%s-%s" % (full.replace("/", "-").lstrip("@"), ver)
        keys.append(key)
        w.push('"%s" = {' % key)
        w('name = "%s";' % full.replace("/", "_").lstrip("@"))
        w('packageName = "%s";' % full)
        w('version = "%s";' % ver)
        w.push("src = fetchurl {")
        w('url = "https://npm.example.org/%s/-/%s-%s.tgz";' % (full, pn, ver))
        w('sha512 = "%s";' % g.sri("sha512", 64)[7:])
        w.pop("};")
        w.pop("};")
    w.ind = 0
    w("  };")
    w("in")
    w("{")
    w.ind = 1
    while w.size < target_bytes:
        pn = g.fresh_name()
        ver = g.version().split("-")[0]
        w.push('"%s" = nodeEnv.buildNodePackage {' % pn)
        w('name = "%s";' % pn)
        w('packageName = "%s";' % pn)
        w('version = "%s";' % ver)
        w.push("src = fetchurl {")
        w('url = "https://npm.example.org/%s/-/%s-%s.tgz";' % (pn, pn, ver))
        w('sha512 = "%s";' % g.sri("sha512", 64)[7:])
        w.pop("};")
        w.push("dependencies = [")
        for k in g.r.sample(keys, min(len(keys), g.r.randint(3, 40))):
            w('sources."%s"' % k)
        w.pop("];")
        w("buildInputs = globalBuildInputs;")
        w.push("meta = {")
        w('description = "%s";' % g.description())
        w('homepage = "https://%s.example.org";' % pn)
        w('license = "%s";' % g.pick(["MIT", "ISC", "Apache-2.0", "BSD-3-Clause"]))
        w.pop("};")
        w("production = true;")
        w("bypassCache = true;")
        w("reconstructLock = true;")
        w.pop("};")
    w.ind = 0
    w("}")
    return w.text()


# ---------------------------------------------------------------- workspace

KINDS = [
    # (kind, weight, directory pattern)
    ("mkderivation", 30, "pkgs/by-name/{p2}/{name}/package.nix"),
    ("go", 10, "pkgs/by-name/{p2}/{name}/package.nix"),
    ("crane", 7, "pkgs/by-name/{p2}/{name}/package.nix"),
    ("python", 17, "pkgs/development/python-modules/{name}/default.nix"),
    ("module", 16, "nixos/modules/services/{cat}/{name}.nix"),
    ("lib", 7, "lib/{cat}/{name}.nix"),
    ("flake", 5, "projects/{name}/flake.nix"),
    ("overlay", 3, "overlays/{name}.nix"),
    ("shell", 2, "projects/{name}/shell.nix"),
    ("nixos_test", 3, "nixos/tests/{name}.nix"),
]


def generate(out, size_mb, seed):
    """Writes the workspace; returns (files, bytes, digest)."""
    g = Gen(seed)
    target = int(size_mb * 1024 * 1024)
    files = {}  # path -> text, in generation order
    styles = ["inline", "leading", "rfc166"]
    style_weights = [3, 4, 3]
    kinds, weights = [k[0] for k in KINDS], [k[1] for k in KINDS]
    patterns = {k[0]: k[2] for k in KINDS}

    # The large generated files first: their sizes are fixed.
    big = {}
    big["pkgs/development/node-packages/node-packages.nix"] = node_packages(g, int(2.5 * 1024 * 1024))
    big["nixos/fleet/hosts.nix"] = fleet_module(g, 1024 * 1024)
    big_bytes = sum(len(t.encode()) for t in big.values())

    packages = []
    total = big_bytes + 1024 * 1024  # leave room for the flat package set
    while total < target:
        kind = g.r.choices(kinds, weights)[0]
        style = g.r.choices(styles, style_weights)[0]
        name = g.fresh_name()
        text = getattr(g, {"mkderivation": "pkg_mkderivation", "go": "pkg_go", "crane": "pkg_crane",
                           "python": "pkg_python", "module": "module", "lib": "lib_file",
                           "flake": "flake", "overlay": "overlay", "shell": "shell",
                           "nixos_test": "nixos_test"}[kind])(name, style)
        cat = g.pick(["networking", "web-apps", "monitoring", "databases", "misc", "backup", "mail"])
        path = patterns[kind].format(p2=name[:2], name=name, cat=cat)
        if path in files:
            continue
        files[path] = text
        if kind in ("mkderivation", "go", "crane"):
            packages.append(name)
        total += len(text.encode())
    big["pkgs/top-level/all-packages.nix"] = flat_package_set(g, 20000, packages)
    files.update(big)

    if os.path.exists(out):
        shutil.rmtree(out)
    digest = hashlib.sha256()
    nbytes = 0
    for path in sorted(files):
        data = files[path].encode()
        full = os.path.join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
        digest.update(path.encode() + b"\0" + data + b"\0")
        nbytes += len(data)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "size_mb": size_mb,
        "files": len(files),
        "bytes": nbytes,
        "sha256": digest.hexdigest(),
        "large_files": sorted(big),
        "module_like_1mb": "nixos/fleet/hosts.nix",
        "flat_set_1mb": "pkgs/top-level/all-packages.nix",
    }
    with open(os.path.join(out, "MANIFEST.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return manifest


def nix_parse(paths):
    """Runs nix-instantiate --parse on paths; returns (failures, message)."""
    failures = []
    for k in range(0, len(paths), 200):
        batch = paths[k:k + 200]
        r = subprocess.run(["nix-instantiate", "--parse"] + batch, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            # Find the culprits one by one.
            for p in batch:
                r1 = subprocess.run(["nix-instantiate", "--parse", p], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)
                if r1.returncode != 0:
                    failures.append((p, r1.stderr.strip()))
    return failures


def self_check(size_mb, seed, sample):
    if shutil.which("nix-instantiate") is None:
        print("self-check: nix-instantiate is not installed", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="flakewise-ws-check-")
    try:
        a = os.path.join(tmp, "a")
        b = os.path.join(tmp, "b")
        ma = generate(a, size_mb, seed)
        mb = generate(b, size_mb, seed)
        ok = True
        if ma["sha256"] != mb["sha256"]:
            print("self-check: FAIL: two runs with seed %d differ" % seed)
            ok = False
        else:
            print("self-check: deterministic (seed %d, sha256 %s)" % (seed, ma["sha256"][:16]))
        print("self-check: %d files, %.1f MB" % (ma["files"], ma["bytes"] / 1048576))
        paths = []
        for root, _, names in os.walk(a):
            for n in names:
                if n.endswith(".nix"):
                    paths.append(os.path.join(root, n))
        paths.sort()
        rnd = random.Random(seed + 1)
        chosen = paths if sample <= 0 or sample >= len(paths) else rnd.sample(paths, sample)
        for big in ma["large_files"]:
            p = os.path.join(a, big)
            if p not in chosen:
                chosen.append(p)
        fails = nix_parse(chosen)
        print("self-check: nix-instantiate --parse accepted %d of %d files checked (incl. the %d large ones)"
              % (len(chosen) - len(fails), len(chosen), len(ma["large_files"])))
        for p, msg in fails[:10]:
            print("  FAIL %s\n    %s" % (os.path.relpath(p, a), msg.replace("\n", "\n    ")))
        if fails:
            ok = False
        print("self-check: " + ("OK" if ok else "FAILED"))
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output directory (default bench/out/workspace)")
    ap.add_argument("--size-mb", type=float, default=24.0, help="total size in MiB (at least 20 for the benchmarks)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true", help="regenerate even if a matching workspace exists")
    ap.add_argument("--self-check", action="store_true",
                    help="generate twice into a temporary directory, compare, and parse a sample with nix-instantiate")
    ap.add_argument("--sample", type=int, default=400, help="files to parse in --self-check (0: all)")
    args = ap.parse_args()
    if args.self_check:
        return self_check(args.size_mb, args.seed, args.sample)
    man_path = os.path.join(args.out, "MANIFEST.json")
    if not args.force and os.path.exists(man_path):
        with open(man_path) as f:
            m = json.load(f)
        if (m.get("generator_version") == GENERATOR_VERSION and m.get("seed") == args.seed
                and m.get("size_mb") == args.size_mb):
            print("workspace up to date: %s (%d files, %.1f MB)" % (args.out, m["files"], m["bytes"] / 1048576))
            return 0
    m = generate(args.out, args.size_mb, args.seed)
    print("generated %s: %d files, %.1f MB (seed %d)" % (args.out, m["files"], m["bytes"] / 1048576, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
