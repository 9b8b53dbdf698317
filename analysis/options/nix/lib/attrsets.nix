# flakewise's built-in lib: attribute sets.
{ lib }:
let
  b = builtins;
  inherit (b) attrNames listToAttrs hasAttr isAttrs getAttr length head tail elemAt filter;
in
rec {
  inherit (b) attrNames attrValues listToAttrs hasAttr getAttr isAttrs removeAttrs intersectAttrs
    catAttrs mapAttrs zipAttrsWith;

  attrByPath = attrPath: default: set:
    let
      len = length attrPath;
      go = n: s:
        if n == len then s
        else
          let attr = elemAt attrPath n;
          in if s ? ${attr} then go (n + 1) s.${attr} else default;
    in
    go 0 set;
  hasAttrByPath = attrPath: e:
    let
      len = length attrPath;
      go = n: s: n == len || (let attr = elemAt attrPath n; in s ? ${attr} && go (n + 1) s.${attr});
    in
    go 0 e;
  attrsToList = mapAttrsToList nameValuePair;
  longestValidPathPrefix = attrPath: v:
    let
      go = n: s:
        if n == length attrPath then attrPath
        else let attr = elemAt attrPath n; in
          if s ? ${attr} then go (n + 1) s.${attr} else lib.lists.take n attrPath;
    in
    go 0 v;
  setAttrByPath = attrPath: value:
    let
      len = length attrPath;
      atDepth = n: if n == len then value else { ${elemAt attrPath n} = atDepth (n + 1); };
    in
    atDepth 0;
  getAttrFromPath = attrPath: set:
    attrByPath attrPath (abort ("cannot find attribute `" + lib.strings.concatStringsSep "." attrPath + "'")) set;
  concatMapAttrs = f: v: b.foldl' (x: y: x // y) { } (b.attrValues (b.mapAttrs f v));
  updateManyAttrsByPath = updates: value:
    b.foldl' (acc: u: recursiveUpdate acc (setAttrByPath u.path (u.update (attrByPath u.path null acc)))) value updates;
  attrVals = nameList: set: b.map (x: set.${x}) nameList;
  getAttrs = names: attrs: genAttrs names (name: attrs.${name});
  filterAttrs = pred: set:
    listToAttrs (b.concatMap (name: let v = set.${name}; in if pred name v then [ (nameValuePair name v) ] else [ ]) (attrNames set));
  filterAttrsRecursive = pred: set:
    listToAttrs (b.concatMap (name:
      let v = set.${name}; in
      if pred name v then [ (nameValuePair name (if isAttrs v then filterAttrsRecursive pred v else v)) ] else [ ]
    ) (attrNames set));
  foldlAttrs = f: init: set: b.foldl' (acc: name: f acc name set.${name}) init (attrNames set);
  foldAttrs = op: nul: list_of_attrs:
    b.foldl' (a: n: b.foldl' (a': name: a' // { ${name} = op n.${name} (a.${name} or nul); }) a (attrNames n)) { }
      (lib.lists.reverseList list_of_attrs);
  collect = pred: attrs:
    if pred attrs then [ attrs ]
    else if isAttrs attrs then b.concatMap (collect pred) (b.attrValues attrs)
    else [ ];
  cartesianProduct = attrsOfLists:
    b.foldl' (listOfAttrs: attrName:
      b.concatMap (attrs: b.map (v: attrs // { ${attrName} = v; }) attrsOfLists.${attrName}) listOfAttrs
    ) [ { } ] (attrNames attrsOfLists);
  cartesianProductOfSets = cartesianProduct;
  mapCartesianProduct = f: attrsOfLists: b.map f (cartesianProduct attrsOfLists);
  nameValuePair = name: value: { inherit name value; };
  "mapAttrs'" = f: set: listToAttrs (b.map (attr: f attr set.${attr}) (attrNames set));
  mapAttrsToList = f: attrs: b.map (name: f name attrs.${name}) (attrNames attrs);
  mapAttrsFlatten = mapAttrsToList;
  mapAttrsRecursive = mapAttrsRecursiveCond (as: true);
  mapAttrsRecursiveCond = cond: f: set:
    let
      recurse = path: b.mapAttrs (name: value:
        if isAttrs value && cond value then recurse (path ++ [ name ]) value else f (path ++ [ name ]) value);
    in
    recurse [ ] set;
  genAttrs = names: f: listToAttrs (b.map (n: nameValuePair n (f n)) names);
  isDerivation = value: value.type or null == "derivation";
  toDerivation = path:
    let
      path' = b.storePath path;
      res = { type = "derivation"; name = lib.strings.sanitizeDerivationName (b.substring 33 (-1) (b.baseNameOf path')); outPath = path'; outputs = [ "out" ]; out = res; outputName = "out"; };
    in
    res;
  optionalAttrs = cond: as: if cond then as else { };
  zipAttrsWithNames = names: f: sets:
    listToAttrs (b.map (name: { inherit name; value = f name (catAttrs name sets); }) names);
  zipAttrs = zipAttrsWith (name: values: values);
  zipWithNames = zipAttrsWithNames;
  zip = lib.trivial.warn "lib.zip is a deprecated alias of lib.zipAttrsWith." zipAttrsWith;
  mergeAttrsList = list: b.foldl' (x: y: x // y) { } list;
  recursiveUpdateUntil = pred: lhs: rhs:
    let
      f = attrPath: zipAttrsWith (n: values:
        let here = attrPath ++ [ n ]; in
        if length values == 1 || pred here (elemAt values 1) (head values)
        then head values
        else f here values);
    in
    f [ ] [ rhs lhs ];
  recursiveUpdate = lhs: rhs:
    recursiveUpdateUntil (path: lhs: rhs: !(isAttrs lhs && isAttrs rhs)) lhs rhs;
  matchAttrs = pattern: attrs:
    assert isAttrs pattern;
    b.all (name:
      let pat = pattern.${name}; in
      attrs ? ${name} && (if isAttrs pat then isAttrs attrs.${name} && matchAttrs pat attrs.${name} else attrs.${name} == pat)
    ) (attrNames pattern);
  overrideExisting = old: new: b.mapAttrs (name: value: new.${name} or value) old;
  showAttrPath = path:
    if path == [ ] then "<root attribute path>"
    else lib.strings.concatMapStringsSep "." lib.strings.escapeNixIdentifier path;
  getOutput = output: pkg:
    if !(pkg ? outputSpecified) || !pkg.outputSpecified then pkg.${output} or pkg.out or pkg else pkg;
  getBin = getOutput "bin";
  getLib = getOutput "lib";
  getDev = getOutput "dev";
  getMan = getOutput "man";
  chooseDevOutputs = b.map getDev;
  recurseIntoAttrs = attrs: attrs // { recurseForDerivations = true; };
  dontRecurseIntoAttrs = attrs: attrs // { recurseForDerivations = false; };
  unionOfDisjoint = x: y:
    let
      intersection = b.intersectAttrs x y;
      collisions = lib.strings.concatStringsSep " " (attrNames intersection);
      mask = b.mapAttrs (name: value: b.throw "unionOfDisjoint: collision on ${name}; complete list: ${collisions}") intersection;
    in
    (x // y) // mask;
}
