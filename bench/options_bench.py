#!/usr/bin/env python3
"""Option schemas: cold time and memory of the option tree of a generated
workspace (100 modules, 1000 options by default), and completion latency
inside a module while typing.

usage: bench/options_bench.py [--modules N] [--completions N] FLAKEWISE_BIN

1. `flakewise options --format json DIR` in a fresh process: wall time and
   peak RSS (from wait4), best and median of --runs runs.
2. The server over pipes: initialize with the workspace as root, open
   configuration.nix (which defines options of every module), then the
   first completion inside `services.m0 = { … }` (computes the tree:
   the editor's cold time), then --completions rounds of one didChange
   (a character typed inside a definition) immediately followed by a
   completion request at the cursor; the latency is from writing the
   didChange to reading the whole answer. Prints p50, p99 and max.
3. 20 edits of a declaration (a description in the open modules/m0.nix),
   each followed by a completion in m0.nix's `config` (which waits for
   the reparse of the edit and computes the tree again).
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

TYPES = [
    ("lib.types.bool", "false"),
    ("lib.types.port", "8080"),
    ('lib.types.enum [ "a" "b" "c" ]', '"a"'),
    ("lib.types.str", '"x"'),
    ("lib.types.nullOr lib.types.int", "null"),
    ("lib.types.listOf lib.types.str", "[ ]"),
    ("lib.types.attrsOf lib.types.str", "{ }"),
    ("lib.types.ints.between 1 100", "10"),
    ("lib.types.either lib.types.str lib.types.int", '"y"'),
]


def gen(root, modules, per_module):
    os.makedirs(os.path.join(root, "modules"), exist_ok=True)
    with open(os.path.join(root, "modules", "helpers.nix"), "w") as f:
        f.write('{ lib }:\n{\n  mkPortOption = name: default: lib.mkOption {\n'
                '    type = lib.types.port;\n    inherit default;\n    description = "Port of ${name}.";\n  };\n}\n')
    for m in range(modules):
        lines = ["{ config, lib, pkgs, ... }:", "let", f"  cfg = config.services.m{m};",
                 "  helpers = import ./helpers.nix { inherit lib; };", "in", "{",
                 f"  options.services.m{m} = {{", f'    enable = lib.mkEnableOption "module {m}";',
                 f'    port = helpers.mkPortOption "m{m}" {8000 + m};']
        for i in range(per_module - 3):
            t, d = TYPES[i % len(TYPES)]
            lines.append(f"    opt{i} = lib.mkOption {{ type = {t}; default = {d}; description = \"Option {i} of m{m}.\"; }};")
        lines.append("    hosts = lib.mkOption {")
        lines.append("      type = lib.types.attrsOf (lib.types.submodule { options.root = lib.mkOption { type = lib.types.path; description = \"Root.\"; }; });")
        lines.append('      default = { };\n      description = "Hosts.";\n    };')
        lines.append("  };")
        lines.append("  config = lib.mkIf cfg.enable { environment.etc.\"m%d\".text = toString cfg.port; };" % m)
        lines.append("}")
        with open(os.path.join(root, "modules", f"m{m}.nix"), "w") as f:
            f.write("\n".join(lines) + "\n")
    imports = " ".join(f"./modules/m{m}.nix" for m in range(modules))
    defs = "\n".join(f"  services.m{m}.enable = true;" for m in range(1, modules))
    config = "{ config, lib, pkgs, ... }:\n{\n  imports = [ " + imports + " ];\n" + defs + \
        "\n  services.m0 = {\n    opt0 = true;\n    \n  };\n}\n"
    with open(os.path.join(root, "configuration.nix"), "w") as f:
        f.write(config)
    return config


def cold(binary, root, runs):
    times, rss = [], []
    count = None
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen([binary, "options", "--format", "json", "--show-hidden", root],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = p.stdout.read()
        p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        times.append(time.perf_counter() - t0)
        rss.append(usage.ru_maxrss / 1024)
        count = len(json.loads(out))
        if status != 0:
            print("flakewise options failed", file=sys.stderr)
    return count, times, rss


class Server:
    def __init__(self, binary):
        self.p = subprocess.Popen([binary, "--log-level", "warn"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.next = 1

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        i = self.next
        self.next += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == i and "method" not in m:
                return m
            if "id" in m and "method" in m:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})


def position(text, offset):
    line = text.count("\n", 0, offset)
    return {"line": line, "character": offset - (text.rfind("\n", 0, offset) + 1)}


def editor(binary, root, text, rounds):
    s = Server(binary)
    s.request("initialize", {"processId": None, "rootUri": "file://" + root, "capabilities": {}})
    s.notify("initialized", {})
    uri = "file://" + root + "/configuration.nix"
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "nix", "version": 1, "text": text}})
    cursor = text.index("opt0 = true;\n    ") + len("opt0 = true;\n    ")
    t0 = time.perf_counter()
    r = s.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": position(text, cursor)})
    first = time.perf_counter() - t0
    items = len(r["result"]["items"])
    latencies = []
    version = 1
    typed = ""
    word = "opt1"
    for k in range(rounds):
        ch = word[len(typed)] if len(typed) < len(word) else None
        if ch is None:
            # Delete the word again (one change) and start over.
            change = {"range": {"start": position(text, cursor), "end": position(text, cursor + len(typed))}, "text": ""}
            text = text[:cursor] + text[cursor + len(typed):]
            typed = ""
        else:
            at = cursor + len(typed)
            change = {"range": {"start": position(text, at), "end": position(text, at)}, "text": ch}
            text = text[:at] + ch + text[at:]
            typed += ch
        version += 1
        t0 = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        r = s.request("textDocument/completion",
                      {"textDocument": {"uri": uri}, "position": position(text, cursor + len(typed))})
        latencies.append((time.perf_counter() - t0) * 1000)
        assert "result" in r, r
    # Edits of a declaration (a description in modules/m0.nix, open in the
    # editor): each makes the next completion compute the tree again.
    m0 = "file://" + root + "/modules/m0.nix"
    m0text = open(os.path.join(root, "modules", "m0.nix")).read()
    s.notify("textDocument/didOpen", {"textDocument": {"uri": m0, "languageId": "nix", "version": 1, "text": m0text}})
    anchor = m0text.index("Option 0 of m0") + len("Option 0")
    recompute = []
    for k in range(20):
        t0 = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": m0, "version": k + 2}, "contentChanges": [
            {"range": {"start": position(m0text, anchor), "end": position(m0text, anchor)}, "text": "x"}]})
        m0text = m0text[:anchor] + "x" + m0text[anchor:]
        # A completion in m0.nix itself waits for m0's reparse, so it sees
        # the edit: inside `config = lib.mkIf cfg.enable { | … }`.
        at = m0text.index("lib.mkIf cfg.enable { ") + len("lib.mkIf cfg.enable { ")
        r = s.request("textDocument/completion", {"textDocument": {"uri": m0}, "position": position(m0text, at)})
        assert any(i["label"] == "services" for i in r["result"]["items"]), r
        recompute.append((time.perf_counter() - t0) * 1000)
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(timeout=10)
    return first, items, latencies, recompute


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modules", type=int, default=100)
    ap.add_argument("--per-module", type=int, default=10)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--completions", type=int, default=500)
    ap.add_argument("binary")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="fw-options-bench-") as root:
        root = os.path.realpath(root)
        text = gen(root, a.modules, a.per_module)
        count, times, rss = cold(a.binary, root, a.runs)
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1, 5 min), {os.cpu_count()} cores")
        print(f"| what | result |\n|---|---|")
        print(f"| options in the tree | {count} (from {a.modules} modules, {a.modules * a.per_module + a.modules} "
              f"declarations incl. submodule options) |")
        print(f"| `flakewise options` cold, {a.runs} runs | best {min(times) * 1000:.0f} ms, median "
              f"{statistics.median(times) * 1000:.0f} ms; peak RSS {max(rss):.0f} MB |")
        first, items, lat, recompute = editor(a.binary, root, text, a.completions)
        lat.sort()
        p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
        print(f"| server: first completion in a module (computes the tree) | {first * 1000:.0f} ms, {items} items |")
        print(f"| server: didChange + completion, {len(lat)} keystrokes | p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms, "
              f"max {lat[-1]:.2f} ms |")
        recompute.sort()
        print(f"| server: edit of a declaration, then completion (recomputes the tree), {len(recompute)} edits | "
              f"median {statistics.median(recompute):.0f} ms, max {recompute[-1]:.0f} ms |")


if __name__ == "__main__":
    main()
