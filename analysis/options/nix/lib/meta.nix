# flakewise's built-in lib: derivation metadata, versions, assertions,
# tracing, fixed points and command lines (lib.meta, lib.versions,
# lib.asserts, lib.debug, lib.fixedPoints, lib.cli).
{ lib }:
let
  b = builtins;
in
{
  meta = rec {
    addMetaAttrs = newAttrs: drv: drv // { meta = (drv.meta or { }) // newAttrs; };
    dontDistribute = drv: addMetaAttrs { hydraPlatforms = [ ]; } drv;
    setName = name: drv: drv // { inherit name; };
    updateName = updater: drv: drv // { name = updater (drv.name); };
    appendToName = suffix: updateName (name: let x = b.parseDrvName name; in "${x.name}-${suffix}-${x.version}");
    mapDerivationAttrset = f: set: lib.attrsets.mapAttrs (name: pkg: if lib.attrsets.isDerivation pkg then f pkg else pkg) set;
    setPrio = priority: addMetaAttrs { inherit priority; };
    lowPrio = setPrio 10;
    lowPrioSet = set: mapDerivationAttrset lowPrio set;
    hiPrio = setPrio (-10);
    hiPrioSet = set: mapDerivationAttrset hiPrio set;
    getLicenseFromSpdxId = licstr: { shortName = licstr; spdxId = licstr; fullName = licstr; };
    getExe = x: getExe' x (x.meta.mainProgram or (lib.strings.getName x));
    "getExe'" = x: y: "${lib.attrsets.getBin x}/bin/${y}";
    platformMatch = platform: elem: true;
    availableOn = platform: pkg: true;
  };

  versions = rec {
    splitVersion = b.splitVersion;
    major = v: b.elemAt (splitVersion v) 0;
    minor = v: b.elemAt (splitVersion v) 1;
    patch = v: b.elemAt (splitVersion v) 2;
    majorMinor = v: b.concatStringsSep "." (lib.lists.take 2 (splitVersion v));
    pad = n: version:
      let
        numericVersion = b.head (b.split "[^0-9.]" version);
        versionSuffix = lib.strings.removePrefix numericVersion version;
        parts = splitVersion numericVersion;
        paddedVersion = b.concatStringsSep "." (parts ++ lib.lists.replicate (n - b.length parts) "0");
      in
      paddedVersion + versionSuffix;
  };

  asserts = rec {
    assertMsg = pred: msg: pred || b.throw msg;
    assertOneOf = name: val: xs:
      assertMsg (b.elem val xs)
        "${name} must be one of ${lib.generators.toPretty { } xs}, but is: ${lib.generators.toPretty { } val}";
    assertEachOneOf = name: vals: xs:
      assertMsg (b.all (val: b.elem val xs) vals)
        "each element in ${name} must be one of ${lib.generators.toPretty { } xs}, but is: ${lib.generators.toPretty { } vals}";
  };

  debug = rec {
    traceIf = pred: msg: x: if pred then b.trace msg x else x;
    traceValFn = f: x: b.trace (f x) x;
    traceVal = traceValFn (x: x);
    traceSeq = x: y: b.trace (b.deepSeq x x) y;
    traceSeqN = depth: x: y: b.trace (b.deepSeq x x) y;
    traceValSeqFn = f: v: traceValFn f (b.deepSeq v v);
    traceValSeq = traceValSeqFn (x: x);
    traceValSeqNFn = f: depth: v: traceValSeqFn f v;
    traceValSeqN = traceValSeqNFn (x: x);
    traceFnSeqN = depth: name: f: v: f v;
    runTests = tests: lib.lists.concatMap (name:
      let t = tests.${name}; in
      if lib.strings.hasPrefix "test" name && t.expr != t.expected
      then [ { inherit name; inherit (t) expected; result = t.expr; } ] else [ ]) (b.attrNames tests);
    testAllTrue = expr: { inherit expr; expected = b.map (x: true) expr; };
  };

  fixedPoints = rec {
    fix = f: let x = f x; in x;
    "fix'" = f: let x = f x // { __unfix__ = f; }; in x;
    converge = f: x: let x' = f x; in if x' == x then x else converge f x';
    extends = overlay: f: final: let prev = f final; in prev // overlay final prev;
    composeExtensions = f: g: final: prev:
      let fApplied = f final prev; prev' = prev // fApplied; in fApplied // g final prev';
    composeManyExtensions = lib.lists.foldr (x: y: composeExtensions x y) (final: prev: { });
    makeExtensible = makeExtensibleWithCustomName "extend";
    makeExtensibleWithCustomName = extenderName: rattrs:
      fix' (self: (rattrs self) // {
        ${extenderName} = f: makeExtensibleWithCustomName extenderName (extends f rattrs);
      });
  };

  cli = rec {
    toGNUCommandLineShell = options: attrs: lib.strings.escapeShellArgs (toGNUCommandLine options attrs);
    toGNUCommandLine = {
      mkOptionName ? k: if b.stringLength k == 1 then "-${k}" else "--${k}",
      mkBool ? k: v: lib.lists.optional v (mkOptionName k),
      mkList ? k: v: lib.lists.concatMap (mkOption k) v,
      mkOption ? k: v:
        if v == null then [ ]
        else [ (mkOptionName k) (lib.generators.mkValueStringDefault { } v) ],
      optionValueSeparator ? null,
    }: options:
      let
        render = k: v:
          if b.isBool v then mkBool k v
          else if b.isList v then mkList k v
          else mkOption k v;
      in
      b.concatLists (lib.attrsets.mapAttrsToList render options);
  };
}
