# String helpers in the style of nixpkgs' lib/strings.nix.
{ lib }:

let
  inherit (builtins) stringLength substring elemAt length genList;
  inherit (lib) foldl' concatMap;
in
rec {
  /* Concatenate a list of strings with a separator.

     Example:
       concatStringsSep "/" [ "usr" "local" "bin" ]
       => "usr/local/bin"
  */
  concatStringsSep = sep: list:
    if list == [ ] then ""
    else foldl' (acc: s: acc + sep + s) (elemAt list 0) (lib.tail list);

  # Whether `pref` is a prefix of `str`.
  hasPrefix = pref: str: substring 0 (stringLength pref) str == pref;

  hasSuffix = suffix: content:
    let
      lenContent = stringLength content;
      lenSuffix = stringLength suffix;
    in
    lenContent >= lenSuffix
    && substring (lenContent - lenSuffix) lenContent content == suffix;

  stringToCharacters = s: genList (p: substring p 1 s) (stringLength s);

  escape = list: builtins.replaceStrings list (map (c: "\\${c}") list);

  escapeShellArg = arg: "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] (toString arg)}'";

  escapeShellArgs = args: concatStringsSep " " (map escapeShellArg args);

  optionalString = cond: string: if cond then string else "";

  fixedWidthString = width: filler: str:
    let
      strw = stringLength str;
      reqWidth = width - (stringLength filler);
    in
    assert strw <= width;
    if strw == width then str else filler + fixedWidthString reqWidth filler str;

  toUpperFirst = s:
    let first = substring 0 1 s; in
    (lib.toUpper first) + substring 1 (-1) s;

  splitLines = s: lib.filter builtins.isString (builtins.split "\n" s);

  indent = n: s: concatStringsSep "\n"
    (map (l: fixedWidthString (n + stringLength l) " " l) (splitLines s));

  repeat = n: s: lib.concatStrings (genList (_: s) n);
}
