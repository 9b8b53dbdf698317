let
  foldr = op: nul: list:
    let
      len = builtins.length list;
      go = n: if n == len then nul else op (builtins.elemAt list n) (go (n + 1));
    in
    go 0;

  range = first: last:
    if first > last then [ ] else [ first ] ++ range (first + 1) last;

  sum = foldr (a: b: a + b) 0;
in
{
  inherit foldr range sum;
  total = sum (range 1 10);
}
