# flakewise's built-in lib: lists.
{ lib }:
let
  b = builtins;
  inherit (b) length elemAt genList head tail filter concatLists;
in
rec {
  inherit (b) head tail length elem elemAt filter concatLists genList map sort partition all any
    foldl' concatMap;

  singleton = x: [ x ];
  forEach = xs: f: b.map f xs;

  foldr = op: nul: list:
    let
      len = length list;
      go = n: if n == len then nul else op (elemAt list n) (go (n + 1));
    in
    go 0;
  fold = foldr;
  foldl = op: nul: list:
    let go = n: if n == -1 then nul else op (go (n - 1)) (elemAt list n);
    in go (length list - 1);

  imap0 = f: list: genList (n: f n (elemAt list n)) (length list);
  imap1 = f: list: genList (n: f (n + 1) (elemAt list n)) (length list);
  ifilter0 = ipred: input:
    b.map (idx: elemAt input idx) (filter (idx: ipred idx (elemAt input idx)) (range 0 (length input - 1)));

  flatten = x: if b.isList x then concatMap flatten x else [ x ];
  remove = e: filter (x: x != e);

  findSingle = pred: default: multiple: list:
    let found = filter pred list; n = length found;
    in if n == 0 then default else if n != 1 then multiple else head found;
  findFirstIndex = pred: default: list:
    let
      go = i: if i == length list then default else if pred (elemAt list i) then i else go (i + 1);
    in
    go 0;
  findFirst = pred: default: list:
    let i = findFirstIndex pred null list;
    in if i == null then default else elemAt list i;

  count = pred: b.foldl' (c: x: if pred x then c + 1 else c) 0;
  optional = cond: elem: if cond then [ elem ] else [ ];
  optionals = cond: elems: if cond then elems else [ ];
  toList = x: if b.isList x then x else [ x ];
  range = first: last: if first > last then [ ] else genList (n: first + n) (last - first + 1);
  replicate = n: elem: genList (_: elem) n;

  groupBy' = op: nul: pred: lst:
    b.mapAttrs (_: b.foldl' op nul) (groupBy pred lst);
  groupBy = pred: b.foldl' (r: e:
    let key = pred e;
    in r // { ${key} = (r.${key} or [ ]) ++ [ e ]; }) { };

  zipListsWith = f: fst: snd:
    genList (n: f (elemAt fst n) (elemAt snd n)) (lib.trivial.min (length fst) (length snd));
  zipLists = zipListsWith (fst: snd: { inherit fst snd; });

  reverseList = xs: let l = length xs; in genList (n: elemAt xs (l - n - 1)) l;

  sortOn = f: list:
    b.map (p: p.v) (sort (x: y: x.k < y.k) (b.map (v: { inherit v; k = f v; }) list));
  compareLists = cmp: a: c:
    if a == [ ] then (if c == [ ] then 0 else -1)
    else if c == [ ] then 1
    else let r = cmp (head a) (head c); in if r == 0 then compareLists cmp (tail a) (tail c) else r;
  naturalSort = lst:
    let
      vectorise = s: b.map (x: if b.isList x then b.fromJSON (head x) else x) (b.split "([0-9]+)" s);
      prepared = b.map (x: [ (vectorise x) x ]) lst;
      less = a: c: (compareLists lib.trivial.compare (head a) (head c)) < 0;
    in
    b.map (x: elemAt x 1) (sort less prepared);

  take = count: sublist 0 count;
  drop = count: list: sublist count (length list) list;
  sublist = start: count: list:
    let len = length list;
    in genList (n: elemAt list (n + start))
      (if start >= len then 0 else if start + count > len then len - start else count);
  last = list: assert list != [ ]; elemAt list (length list - 1);
  init = list: assert list != [ ]; take (length list - 1) list;

  crossLists = f: foldl (fs: args: concatMap (f: b.map f args) fs) [ f ];
  unique = b.foldl' (acc: e: if b.elem e acc then acc else acc ++ [ e ]) [ ];
  allUnique = list: length (unique list) == length list;
  intersectLists = e: filter (x: b.elem x e);
  subtractLists = e: filter (x: !(b.elem x e));
  mutuallyExclusive = a: c: length a == 0 || !(b.any (x: b.elem x a) c);

  listDfs = stopOnCycles: before: list:
    let
      dfs' = us: visited: rest:
        let
          c = filter (x: before x us) visited;
          b' = partition (x: before x us) rest;
        in
        if stopOnCycles && (length c > 0)
        then { cycle = us; loops = c; inherit visited rest; }
        else if length b'.right == 0
        then { minimal = us; inherit visited rest; }
        else dfs' (head b'.right) ([ us ] ++ visited) (tail b'.right ++ b'.wrong);
    in
    dfs' (head list) [ ] (tail list);
  toposort = before: list:
    let
      dfsthis = listDfs true before list;
      toporest = toposort before (dfsthis.visited ++ dfsthis.rest);
    in
    if length list < 2 then { result = list; }
    else if dfsthis ? cycle then { cycle = reverseList ([ dfsthis.cycle ] ++ dfsthis.visited); inherit (dfsthis) loops; }
    else if toporest ? cycle then toporest
    else { result = [ dfsthis.minimal ] ++ toporest.result; };
}
