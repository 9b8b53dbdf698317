let
  l1 = 1;
in
let
  l2 = l1 + 1;
in
{
  value = let
    l3 = l2 + 1;
  in
  let
    l4 = l3 + l1;
  in
  rec {
    l5 = l4 + l2;
    l6 = let l7 = l5; in l7 + l6b;
    l6b = 0;
  };
}
