# flakewise's built-in lib: strings.
{ lib }:
let
  b = builtins;
  inherit (b) concatStringsSep stringLength substring replaceStrings match split isString filter head
    length elemAt;
  lowerChars = lib.strings.stringToCharacters "abcdefghijklmnopqrstuvwxyz";
  upperChars = lib.strings.stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
in
rec {
  inherit (b) concatStringsSep stringLength substring replaceStrings match split toString toJSON fromJSON
    isString hashString unsafeDiscardStringContext;
  inherit lowerChars upperChars;

  concatStrings = concatStringsSep "";
  concatMapStrings = f: list: concatStrings (b.map f list);
  concatImapStrings = f: list: concatStrings (lib.lists.imap1 f list);
  intersperse = separator: list:
    if list == [ ] || length list == 1 then list
    else b.tail (lib.lists.concatMap (x: [ separator x ]) list);
  concatMapStringsSep = sep: f: list: concatStringsSep sep (b.map f list);
  concatImapStringsSep = sep: f: list: concatStringsSep sep (lib.lists.imap1 f list);
  concatMapAttrsStringSep = sep: f: attrs: concatStringsSep sep (b.attrValues (b.mapAttrs f attrs));
  concatLines = list: concatMapStrings (s: s + "\n") list;
  replicate = n: s: concatStrings (lib.lists.replicate n s);

  makeSearchPath = subDir: paths:
    concatStringsSep ":" (b.map (path: path + "/" + subDir) (filter (x: x != null) paths));
  makeSearchPathOutput = output: subDir: pkgs:
    makeSearchPath subDir (b.map (lib.attrsets.getOutput output) pkgs);
  makeLibraryPath = makeSearchPathOutput "lib" "lib";
  makeIncludePath = makeSearchPathOutput "dev" "include";
  makeBinPath = makeSearchPathOutput "bin" "bin";
  normalizePath = s: b.foldl' (x: y: if y == "/" && hasSuffix "/" x then x else x + y) "" (stringToCharacters s);

  optionalString = cond: string: if cond then string else "";

  hasPrefix = pref: str: substring 0 (stringLength pref) str == pref;
  hasSuffix = suffix: content:
    let lenContent = stringLength content; lenSuffix = stringLength suffix;
    in lenContent >= lenSuffix && substring (lenContent - lenSuffix) lenContent content == suffix;
  hasInfix = infix: content:
    b.match ".*${escapeRegex infix}.*" "${content}" != null;

  stringToCharacters = s: b.genList (p: substring p 1 s) (stringLength s);
  stringAsChars = f: s: concatStrings (b.map f (stringToCharacters s));

  charToInt = c: b.getAttr c asciiTable;
  asciiTable = b.listToAttrs (lib.lists.imap0 (i: c: { name = c; value = i + 32; })
    (stringToCharacters " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"));

  escape = list: replaceStrings list (b.map (c: "\\${c}") list);
  escapeC = list: replaceStrings list (b.map (c: "\\x${lib.trivial.toHexString (charToInt c)}") list);
  escapeURL =
    let
      unreserved = [ "A" "B" "C" "D" "E" "F" "G" "H" "I" "J" "K" "L" "M" "N" "O" "P" "Q" "R" "S" "T" "U" "V" "W" "X" "Y" "Z" "a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q" "r" "s" "t" "u" "v" "w" "x" "y" "z" "0" "1" "2" "3" "4" "5" "6" "7" "8" "9" "-" "_" "." "~" ];
      toEscape = b.removeAttrs asciiTable unreserved;
    in
    replaceStrings (b.attrNames toEscape) (lib.lists.forEach (b.attrValues toEscape) (c: "%${fixedWidthString 2 "0" (lib.trivial.toHexString c)}"));
  escapeShellArg = arg:
    let s = toString arg;
    in if match "[[:alnum:],._+:@%/-]+" s == null
      then "'${replaceStrings [ "'" ] [ "'\\''" ] s}'"
      else s;
  escapeShellArgs = concatMapStringsSep " " escapeShellArg;
  isValidPosixName = name: match "[a-zA-Z_][a-zA-Z0-9_]*" name != null;
  toShellVar = name: value:
    lib.trivial.throwIfNot (isValidPosixName name) "toShellVar: ${name} is not a valid shell variable name" (
      if b.isAttrs value && !isStringLike value then
        "declare -A ${name}=(${concatStringsSep " " (lib.attrsets.mapAttrsToList (n: v: "[${escapeShellArg n}]=${escapeShellArg v}") value)})"
      else if b.isList value then
        "declare -a ${name}=(${escapeShellArgs value})"
      else "${name}=${escapeShellArg value}");
  toShellVars = vars: concatStringsSep "\n" (lib.attrsets.mapAttrsToList toShellVar vars);
  escapeNixString = s: escape [ "$" ] (toJSON s);
  escapeRegex = escape (stringToCharacters "\\[{()^$?*+|.");
  escapeNixIdentifier = s:
    if match "[a-zA-Z_][a-zA-Z0-9_'-]*" s != null then s else escapeNixString s;
  escapeXML = replaceStrings [ "\"" "'" "<" ">" "&" ] [ "&quot;" "&apos;" "&lt;" "&gt;" "&amp;" ];

  replaceChars = replaceStrings;
  toLower = replaceStrings upperChars lowerChars;
  toUpper = replaceStrings lowerChars upperChars;
  toSentenceCase = str:
    if str == "" then "" else toUpper (substring 0 1 str) + toLower (substring 1 (stringLength str) str);

  addContextFrom = a: c: substring 0 0 a + c;

  splitString = sep: s:
    let splits = filter isString (split (escapeRegex (toString sep)) (toString s));
    in b.map (addContextFrom s) splits;

  removePrefix = prefix: str:
    let preLen = stringLength prefix;
    in if substring 0 preLen str == prefix then substring preLen (-1) str else str;
  removeSuffix = suffix: str:
    let sufLen = stringLength suffix; sLen = stringLength str;
    in if sufLen <= sLen && suffix == substring (sLen - sufLen) sufLen str
      then substring 0 (sLen - sufLen) str else str;
  trim = trimWith { start = true; end = true; };
  trimWith = { start ? false, end ? false }: s:
    let
      regex =
        if start && end then "[[:space:]]*(.*[^[:space:]])[[:space:]]*"
        else if start then "[[:space:]]*(.*)"
        else if end then "(.*[^[:space:]])[[:space:]]*"
        else "(.*)";
      m = match regex s;
    in
    if m == null then "" else head m;

  versionOlder = v1: v2: b.compareVersions v2 v1 == 1;
  versionAtLeast = v1: v2: !versionOlder v1 v2;

  getName = x:
    let parse = drv: (b.parseDrvName drv).name;
    in if isString x then parse x else x.pname or (parse x.name);
  getVersion = x:
    let parse = drv: (b.parseDrvName drv).version;
    in if isString x then parse x else x.version or (parse x.name);

  nameFromURL = url: sep:
    let
      components = splitString "/" url;
      filename = lib.lists.last components;
      name = head (splitString sep filename);
    in
    assert name != filename; name;

  cmakeOptionType = type: feature: value: "-D${feature}:${toUpper type}=${value}";
  cmakeBool = condition: flag: cmakeOptionType "bool" condition (lib.trivial.boolToString flag);
  cmakeFeature = feature: value: cmakeOptionType "string" feature value;
  mesonOption = feature: value: "-D${feature}=${value}";
  mesonBool = condition: flag: mesonOption condition (lib.trivial.boolToString flag);
  mesonEnable = feature: flag: mesonOption feature (if flag then "enabled" else "disabled");
  enableFeature = flag: feature: "--${if flag then "enable" else "disable"}-${feature}";
  enableFeatureAs = flag: feature: value: enableFeature flag feature + optionalString flag "=${value}";
  withFeature = flag: feature: "--${if flag then "with" else "without"}-${feature}";
  withFeatureAs = flag: feature: value: withFeature flag feature + optionalString flag "=${value}";

  fixedWidthString = width: filler: str:
    let strw = stringLength str; reqWidth = width - (stringLength filler);
    in assert strw <= width;
      if strw == width then str else filler + fixedWidthString reqWidth filler str;
  fixedWidthNumber = width: n: fixedWidthString width "0" (toString n);

  floatToString = float: toString float;

  isStorePath = x:
    if isStringLike x then
      let str = toString x;
      in substring 0 1 str == "/" && b.dirOf str == b.storeDir
    else false;
  isStringLike = x: isString x || b.isPath x || x ? outPath || x ? __toString;

  toInt = str:
    let
      m = match "[[:space:]]*(-?[0-9]+)[[:space:]]*" str;
    in
    if m == null || match "-?0[0-9]+" (head m) != null
    then b.throw "toInt: Could not convert ${escapeNixString str} to int."
    else b.fromJSON (head m);
  toIntBase10 = str:
    let
      m = match "[[:space:]]*(-?)0*([0-9]+)[[:space:]]*" str;
    in
    if m == null then b.throw "toIntBase10: Could not convert ${escapeNixString str} to int."
    else (if elemAt m 0 == "-" then -1 else 1) * b.fromJSON (elemAt m 1);

  readPathsFromFile = rootPath: file:
    b.map (x: rootPath + "/${x}") (filter (x: x != "" && !(hasPrefix "#" x)) (splitString "\n" (b.readFile file)));
  fileContents = file: removeSuffix "\n" (b.readFile file);

  sanitizeDerivationName = string:
    let
      okRegex = s: if match "^[[:alnum:]+_?=-][[:alnum:]+._?=-]*$" s != null then s else null;
    in
    if okRegex string != null then string
    else lib.trivial.pipe string [
      (x: replaceStrings [ "/" ] [ "-" ] x)
      (x: concatStrings (b.map (s: if isString s then s else "-") (split "[^[:alnum:]+._?=-]+" x)))
      (x: if stringLength x > 207 then substring (stringLength x - 207) (-1) x else x)
      (x: if x == "" then "unknown" else x)
    ];

  levenshtein = a: c:
    let
      arr = lib.lists.genList (i: lib.lists.genList (j: dist i j) (stringLength c + 1)) (stringLength a + 1);
      d = x: y: lib.lists.elemAt (lib.lists.elemAt arr x) y;
      dist = i: j:
        let
          cost = if substring (i - 1) 1 a == substring (j - 1) 1 c then 0 else 1;
        in
        if j == 0 then i
        else if i == 0 then j
        else lib.lists.foldl' lib.trivial.min (d (i - 1) j + 1) [ (d i (j - 1) + 1) (d (i - 1) (j - 1) + cost) ];
    in
    d (stringLength a) (stringLength c);
}
