# flakewise's built-in lib: small functions on values and functions.
# Written for flakewise; the names and behaviour follow nixpkgs' lib so that
# modules written against nixpkgs evaluate the same way.
{ lib }:
let
  b = builtins;
in
rec {
  id = x: x;
  const = x: _: x;
  flip = f: a: c: f c a;
  pipe = value: fns: b.foldl' (acc: f: f acc) value fns;
  concat = x: y: x ++ y;
  or = x: y: x || y;
  and = x: y: x && y;
  xor = x: y: (!x) != (!y);
  bitAnd = b.bitAnd;
  bitOr = b.bitOr;
  bitXor = b.bitXor;
  bitNot = b.sub (-1);
  boolToString = v: if v then "true" else "false";
  mergeAttrs = x: y: x // y;
  mapNullable = f: a: if a == null then a else f a;
  inNixShell = false;
  inPureEvalMode = !(b ? currentSystem);
  isFloat = b.isFloat;
  min = x: y: if x < y then x else y;
  max = x: y: if x > y then x else y;
  mod = base: int: base - (int * (b.div base int));
  compare = a: c: if a < c then -1 else if a > c then 1 else 0;
  splitByAndCompare = p: yes: no: a: c:
    if p a then (if p c then yes a c else -1) else if p c then 1 else no a c;

  importJSON = path: b.fromJSON (b.readFile path);
  importTOML = path: b.fromTOML (b.readFile path);

  warn = msg: b.trace "warning: ${msg}";
  warnIf = cond: msg: if cond then warn msg else x: x;
  warnIfNot = cond: msg: if cond then x: x else warn msg;
  throwIf = cond: msg: if cond then b.throw msg else x: x;
  throwIfNot = cond: msg: if cond then x: x else b.throw msg;
  info = msg: b.trace "INFO: ${msg}";
  showWarnings = warnings: res: lib.lists.foldr (w: x: warn w x) res warnings;
  checkListOfEnum = msg: valid: given:
    let unexpected = lib.lists.subtractLists valid given;
    in lib.trivial.throwIfNot (unexpected == [ ])
      "${msg}: ${b.concatStringsSep ", " (b.map b.toString unexpected)} unexpected; valid ones: ${b.concatStringsSep ", " (b.map b.toString valid)}";

  release = "24.05";
  codeName = "Uakari";
  versionSuffix = "";
  version = release + versionSuffix;
  nixpkgsVersion = version;
  oldestSupportedRelease = 2311;
  isInOldestRelease = release: release <= oldestSupportedRelease;

  functionArgs = f:
    if f ? __functor then f.__functionArgs or (functionArgs (f.__functor f))
    else b.functionArgs f;
  setFunctionArgs = f: args: {
    __functor = self: f;
    __functionArgs = args;
  };
  isFunction = f: b.isFunction f || (f ? __functor && isFunction (f.__functor f));
  mirrorFunctionArgs = f:
    let fArgs = functionArgs f;
    in g: setFunctionArgs g fArgs;
  toFunction = v: if isFunction v then v else _: v;

  toHexString = i: lib.strings.concatMapStrings (d: b.elemAt [ "0" "1" "2" "3" "4" "5" "6" "7" "8" "9" "A" "B" "C" "D" "E" "F" ] d) (toBaseDigits 16 i);
  toBaseDigits = base: i:
    let
      go = i: if i < base then [ i ] else go (b.div i base) ++ [ (mod i base) ];
    in
    assert base >= 2;
    assert i >= 0;
    go i;

  fix = f: let x = f x; in x;
  seq = b.seq;
  deepSeq = b.deepSeq;
}
