#!/usr/bin/env python3
"""Checks editors/helix/languages.toml (Helix itself is not in Debian 12):
it is valid TOML, in the Helix >= 23.10 layout, starts `flakewise` for the
nix language, and its `config` holds only settings the server reads."""
import pathlib
import sys
import tomllib

path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                    pathlib.Path(__file__).parents[1] / "helix" / "languages.toml")
doc = tomllib.loads(path.read_text())
server = doc["language-server"]["flakewise"]
assert server["command"] == "flakewise", server
assert isinstance(server.get("args", []), list)
config = server["config"]
assert set(config) <= {"diagnostics"}, f"unknown settings {set(config)}"
diags = config["diagnostics"]
assert set(diags) <= {"disabled", "delayMs"}, f"unknown diagnostics settings {set(diags)}"
assert isinstance(diags.get("disabled", []), list)
assert isinstance(diags.get("delayMs", 0), int)
(nix,) = [lang for lang in doc["language"] if lang["name"] == "nix"]
assert nix["language-servers"] == ["flakewise"], nix
assert nix["roots"] == ["flake.nix", ".git"], nix
print(f"PASS: {path} starts flakewise for nix with roots {nix['roots']}")
