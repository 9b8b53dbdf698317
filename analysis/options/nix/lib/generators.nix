# flakewise's built-in lib: generators (lib.generators): values to text.
{ lib }:
let
  b = builtins;
  inherit (b) isInt isFloat isString isList isAttrs isFunction isPath toString concatStringsSep;
  inherit (lib.strings) escape concatStrings escapeNixIdentifier;
  inherit (lib.attrsets) mapAttrsToList isDerivation;
in
rec {
  mkValueStringDefault = { }: v:
    let fail = what: b.abort "generators.mkValueStringDefault: ${what} not supported: ${toPretty { } v}";
    in if isInt v then toString v
    else if isDerivation v then toString v
    else if isString v then v
    else if v == true then "true"
    else if v == false then "false"
    else if v == null then "null"
    else if isList v then fail "lists"
    else if isAttrs v then fail "attrsets"
    else if isFunction v then fail "functions"
    else if isFloat v then toString v
    else fail "this value is";

  mkKeyValueDefault = { mkValueString ? mkValueStringDefault { } }: sep: k: v:
    "${escape [ sep ] k}${sep}${mkValueString v}";

  toKeyValue = { mkKeyValue ? mkKeyValueDefault { } "=", listsAsDuplicateKeys ? false, indent ? "" }:
    let
      line = k: v: indent + mkKeyValue k v + "\n";
      lines = if listsAsDuplicateKeys then k: v: b.map (line k) (lib.lists.toList v) else k: v: [ (line k v) ];
    in
    attrs: concatStrings (b.concatLists (mapAttrsToList lines attrs));

  toINI = { mkSectionName ? (name: escape [ "[" "]" ] name), mkKeyValue ? mkKeyValueDefault { } "=", listsAsDuplicateKeys ? false }:
    sections:
    concatStringsSep "\n" (mapAttrsToList (name: values:
      "[${mkSectionName name}]\n" + toKeyValue { inherit mkKeyValue listsAsDuplicateKeys; } values) sections);

  toINIWithGlobalSection = { mkSectionName ? (name: escape [ "[" "]" ] name), mkKeyValue ? mkKeyValueDefault { } "=", listsAsDuplicateKeys ? false }:
    { globalSection, sections ? { } }:
    (if globalSection == { } then "" else toKeyValue { inherit mkKeyValue listsAsDuplicateKeys; } globalSection + "\n")
    + toINI { inherit mkSectionName mkKeyValue listsAsDuplicateKeys; } sections;

  toJSON = { }: b.toJSON;
  toYAML = { }: b.toJSON;

  # As nixpkgs' toPretty: Nix syntax for a value, for documentation.
  toPretty = { allowPrettyValues ? false, multiline ? true, indent ? "" }:
    let
      go = indent: v:
        let
          open = if multiline then "\n${indent}  " else " ";
          close = if multiline then "\n${indent}" else " ";
        in
        if isInt v then toString v
        else if isFloat v then b.toJSON v
        else if isString v then prettyString multiline open close v
        else if v == true then "true"
        else if v == false then "false"
        else if v == null then "null"
        else if isPath v then toString v
        else if isList v then
          (if v == [ ] then "[ ]" else "[" + open + concatStringsSep open (b.map (go (indent + "  ")) v) + close + "]")
        else if isFunction v then
          let args = lib.trivial.functionArgs v;
          in if args == { } then "<function>"
            else "<function, args: {${concatStringsSep ", " (mapAttrsToList (n: d: if d then n + "?" else n) args)}}>"
        else if isAttrs v then
          (if allowPrettyValues && v ? __pretty && v ? val then v.__pretty v.val
          else if v == { } then "{ }"
          else if v ? type && v.type == "derivation" then "<derivation ${v.name or "???"}>"
          else "{" + open
            + concatStringsSep open (mapAttrsToList (name: value:
                "${escapeNixIdentifier name} = ${b.addErrorContext "while evaluating an attribute `${name}`" (go (indent + "  ") value)};") v)
            + close + "}")
        else b.abort "generators.toPretty: should never happen (v = ${v})";
    in
    go indent;

  prettyString = multiline: open: close: s:
    let
      lines = b.filter (l: !isList l) (b.split "\n" s);
      single = "\"" + concatStringsSep "\\n" (b.map (escape [ "\\" "\"" "\${" ]) lines) + "\"";
      escaped = b.map (b.replaceStrings [ "\${" "''" ] [ "''\${" "'''" ]) lines;
      lastLine = lib.lists.last escaped;
      multi = "''" + open + concatStringsSep open (lib.lists.init escaped)
        + (if lastLine == "" then close else open + lastLine) + "''";
    in
    if multiline && b.length lines > 1 then multi else single;
}
