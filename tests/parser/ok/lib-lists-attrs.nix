{ lib }:
let
  inherit (builtins) head tail length elemAt filter attrNames listToAttrs isAttrs isList;
in
rec {
  foldr = op: nul: list:
    let
      len = length list;
      fold' = n: if n == len then nul else op (elemAt list n) (fold' (n + 1));
    in
    fold' 0;

  flatten = x: if isList x then lib.concatMap (y: flatten y) x else [ x ];

  unique = foldr (x: acc: if lib.elem x acc then acc else [ x ] ++ acc) [ ];

  range = first: last:
    if first > last then [ ] else builtins.genList (n: first + n) (last - first + 1);

  partition = pred: list: {
    right = filter pred list;
    wrong = filter (x: !pred x) list;
  };

  genAttrs = names: f: listToAttrs (map (n: { name = n; value = f n; }) names);

  mapAttrs' = f: set:
    listToAttrs (map (attr: f attr set.${attr}) (attrNames set));

  getAttrFromPath = attrPath: set:
    lib.attrByPath attrPath (abort "cannot find attribute `${lib.concatStringsSep "." attrPath}'") set;

  recursiveUpdateUntil = pred: lhs: rhs:
    let
      f = attrPath: lib.zipAttrsWith (n: values:
        let here = attrPath ++ [ n ]; in
        if length values == 1 || pred here (elemAt values 1) (head values) then
          head values
        else
          f here values);
    in
    f [ ] [ rhs lhs ];

  recursiveUpdate = recursiveUpdateUntil (path: lhs: rhs: !(isAttrs lhs && isAttrs rhs));

  optionalAttrs = cond: as: if cond then as else { };

  attrVals = nameList: set: map (x: set.${x}) nameList;

  catAttrs = builtins.catAttrs or (attr: l: lib.concatLists (map (s: if s ? ${attr} then [ s.${attr} ] else [ ]) l));

  hasAttrByPath = attrPath: e:
    let attr = head attrPath; in
    if attrPath == [ ] then true
    else if e ? ${attr} then hasAttrByPath (tail attrPath) e.${attr}
    else false;

  count = pred: lib.foldl' (c: x: if pred x then c + 1 else c) 0;
}
