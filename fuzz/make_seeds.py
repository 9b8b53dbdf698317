#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into OUTDIR/<target>/.

Seeds come from the repository's own test corpora (tests/parser,
tests/syntax, tests/semantic, examples): every Nix file as is for the
analysis and format targets, every expression of tests/eval/cases and the
sandbox probes below for the eval target, with a few random edit sequences appended for
the incremental target, and LSP sessions over those files (initialize, open,
every request at several positions, edits, cancellations, shutdown) for the
session target, both as well-framed message lists (mode 'M') and as raw
bytes with a few broken framings. Deterministic: the same files give the
same seeds.

usage: fuzz/make_seeds.py OUTDIR
"""

import hashlib
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = ["tests/parser/ok", "tests/parser/err", "tests/syntax", "tests/semantic", "examples"]
SEP = b"\n\x1e\n"


def nix_files():
    out = []
    for rel in SOURCES:
        for dirpath, _, names in os.walk(os.path.join(ROOT, rel)):
            for n in sorted(names):
                if n.endswith(".nix"):
                    out.append(os.path.join(dirpath, n))
    return sorted(out)


def write(outdir, target, data):
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def edit_controls(rng, header):
    # The incremental target reads from the end: header byte, count byte,
    # then 4 bytes per edit (pos hi, pos lo, del, ins), last edit first.
    n = rng.randint(1, 20)
    body = b""
    for _ in range(n):
        body = bytes([rng.randrange(256), rng.randrange(256), rng.randrange(256) & 0xBF | (0x80 if rng.random() < 0.2 else 0),
                      rng.randrange(80)]) + body
    return body + bytes([n, header])


def position_of(text, offset):
    """LSP position (UTF-16) of a byte offset."""
    before = text[:offset]
    line = before.count(b"\n")
    start = before.rfind(b"\n") + 1
    col = len(before[start:].decode("utf-8", "replace").encode("utf-16-le")) // 2
    return {"line": line, "character": col}


def session(rng, text, uri):
    msgs = []
    ids = iter(range(1, 10000))

    def req(method, params):
        msgs.append({"jsonrpc": "2.0", "id": next(ids), "method": method, "params": params})

    def note(method, params):
        msgs.append({"jsonrpc": "2.0", "method": method, "params": params})

    enc = rng.choice([[], ["utf-8"], ["utf-16"], ["utf-32", "utf-16"]])
    req("initialize", {"processId": None, "rootUri": None,
                       "capabilities": {"general": {"positionEncodings": enc}},
                       "initializationOptions": {"diagnostics": {"delayMs": 0}}})
    note("initialized", {})
    try:
        s = text.decode("utf-8")
    except UnicodeDecodeError:
        s = text.decode("latin-1")
    note("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "nix", "version": 1, "text": s}})
    td = {"uri": uri}
    for _ in range(3):
        pos = position_of(text, rng.randint(0, len(text)))
        method = rng.choice(["textDocument/hover", "textDocument/completion", "textDocument/definition",
                             "textDocument/references", "textDocument/documentHighlight",
                             "textDocument/prepareRename"])
        params = {"textDocument": td, "position": pos}
        if method == "textDocument/references":
            params["context"] = {"includeDeclaration": True}
        req(method, params)
    req("textDocument/rename", {"textDocument": td, "position": position_of(text, rng.randint(0, len(text))), "newName": "renamed"})
    req("textDocument/documentSymbol", {"textDocument": td})
    req("textDocument/foldingRange", {"textDocument": td})
    req("textDocument/selectionRange", {"textDocument": td, "positions": [position_of(text, rng.randint(0, len(text)))]})
    version = 1
    for _ in range(rng.randint(1, 4)):
        version += 1
        a = position_of(text, rng.randint(0, len(text)))
        note("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                        "contentChanges": [{"range": {"start": a, "end": a}, "text": rng.choice(["x", ";", "{", " in ", "\n", "é"])}]})
        req("textDocument/hover", {"textDocument": td, "position": a})
        if rng.random() < 0.5:
            note("$/cancelRequest", {"id": msgs[-1]["id"]})
    req("textDocument/formatting", {"textDocument": td, "options": {"tabSize": 2, "insertSpaces": True}})
    a, b = sorted([rng.randint(0, len(text)), rng.randint(0, len(text))])
    req("textDocument/rangeFormatting", {"textDocument": td, "range": {"start": position_of(text, a), "end": position_of(text, b)},
                                         "options": {"tabSize": 2, "insertSpaces": True}})
    req("textDocument/onTypeFormatting", {"textDocument": td, "position": position_of(text, b), "ch": ";",
                                          "options": {"tabSize": 2, "insertSpaces": True}})
    req("workspace/symbol", {"query": "a"})
    note("textDocument/didClose", {"textDocument": td})
    req("shutdown", None)
    note("exit", None)
    return [json.dumps(m, ensure_ascii=False).encode() for m in msgs]


def framed(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    rng = random.Random(20240601)
    files = nix_files()
    for path in files:
        with open(path, "rb") as f:
            text = f.read()
        write(outdir, "analysis", text)
        write(outdir, "format", text)
        for header in (0, 4, rng.choice([1, 2, 3, 5, 6, 7])):
            write(outdir, "incremental", text + edit_controls(rng, header))
    # Sessions over a sample of the files (each one is a full session).
    for path in rng.sample(files, min(120, len(files))):
        with open(path, "rb") as f:
            text = f.read()
        bodies = session(rng, text, "file:///ws/" + os.path.basename(path))
        write(outdir, "session", b"M" + SEP.join(bodies))
        raw = b"".join(framed(b) for b in bodies)
        write(outdir, "session", raw + bytes([17, 1, 255, 3]))
    # Broken framings and odd messages, on top of a short valid session.
    init = framed(b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}')
    broken = [
        b"Content-Length: 500\r\n\r\n" + b'{"jsonrpc":"2.0","id":2,"method":"shutdown"}' + framed(b'{"jsonrpc":"2.0","id":3,"method":"x"}'),
        b"Content-Length: 99999999\r\n\r\n{}",
        b"Content-Length: twelve\r\n\r\n{}",
        b"content-length:2\n\n{}",
        framed(b'[{"jsonrpc":"2.0","id":4,"method":"shutdown"},{"jsonrpc":"2.0","method":"exit"}]'),
        framed(b'{"jsonrpc":"2.0","id":5,"result":null}'),
        framed(b'{"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.nix"},"position":{"line":0,"character":0}}}'),
        framed(b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.nix","version":1,"text":"{ a = \\ud800\xff; }"}}}'),
        framed(b'{"jsonrpc":"2.0","id":7,"method":"textDocument/rangeFormatting","params":{"textDocument":{"uri":"file:///a.nix"},"range":{}}}'),
        framed(b'{"jsonrpc":"2.0","id":8.5,"method":"shutdown"}'),
        b"Content-Length: 30\r\n\r\n" + b'{"jsonrpc":"2.0","id":9,"met',
    ]
    for b in broken:
        write(outdir, "session", init + b + bytes([40, 2, 9, 1]))
    # The evaluator: each case of tests/eval/cases (an expression on
    # a line or a block between `---` lines), with a random control byte, and probes of
    # the sandbox and the budgets.
    exprs = []
    cases = os.path.join(ROOT, "tests/eval/cases")
    for n in sorted(os.listdir(cases)):
        if not n.endswith(".txt"):
            continue
        # One expression per line, or several lines between `---` lines.
        multi = None
        with open(os.path.join(cases, n), "rb") as f:
            for line in f.read().split(b"\n"):
                if line == b"---":
                    if multi is not None:
                        exprs.append(b"\n".join(multi))
                        multi = None
                    else:
                        multi = []
                elif multi is not None:
                    multi.append(line)
                elif line and not line.startswith(b"#"):
                    exprs.append(line)
    exprs += [
        b'builtins.readFile "/etc/passwd"', b"builtins.readFile /outside/secret.txt", b"import /outside/secret.nix",
        b"import ./../outside/secret.nix", b"builtins.readDir /", b"builtins.pathExists /etc/passwd",
        b'builtins.exec [ "sh" "-c" "touch /tmp/pwned" ]', b'builtins.importNative /lib/libc.so.6 "system"',
        b'builtins.fetchurl "http://example.org/x"', b"builtins.getEnv \"HOME\"", b'"${/etc/passwd}"',
        b"import ./loop.nix", b"let f = x: f x; in f 1", b"let x = x; in x", b"builtins.genList (x: x) 100000000",
        b"let f = n: [ (f (n + 1)) ]; in f 0", b"(import ./default.nix {}).y", b"builtins.fromJSON (builtins.readFile ./data.json)",
        b"import <nixpkgs>", b"builtins.scopedImport {} ./lib.nix", b"~/data.txt", b"(import ./lib.nix).names",
    ]
    for e in exprs:
        write(outdir, "eval", e + bytes([rng.choice([0, 1, 3, 5])]))
    print("fuzz seeds: %d Nix files -> %s" % (len(files), outdir))


if __name__ == "__main__":
    main()
