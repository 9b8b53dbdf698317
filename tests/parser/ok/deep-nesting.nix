let
  deepParens = ((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))));
  deepLists = [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ 0 ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ];
  deepSets = { l39 = { l38 = { l37 = { l36 = { l35 = { l34 = { l33 = { l32 = { l31 = { l30 = { l29 = { l28 = { l27 = { l26 = { l25 = { l24 = { l23 = { l22 = { l21 = { l20 = { l19 = { l18 = { l17 = { l16 = { l15 = { l14 = { l13 = { l12 = { l11 = { l10 = { l9 = { l8 = { l7 = { l6 = { l5 = { l4 = { l3 = { l2 = { l1 = { l0 = { v = 1; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; }; };
  deepLambda = x0: x1: x2: x3: x4: x5: x6: x7: x8: x9: x10: x11: x12: x13: x14: x15: x16: x17: x18: x19: x20: x0;
  deepLet = let v0 = 0; in let v1 = 1; in let v2 = 2; in let v3 = 3; in let v4 = 4; in let v5 = 5; in let v6 = 6; in let v7 = 7; in let v8 = 8; in let v9 = 9; in let v10 = 10; in let v11 = 11; in let v12 = 12; in let v13 = 13; in let v14 = 14; in let v15 = 15; in let v16 = 16; in let v17 = 17; in let v18 = 18; in let v19 = 19; in v19;
  deepIf = v: if v == 0 then 0 else if v == 1 then 1 else if v == 2 then 2 else if v == 3 then 3 else if v == 4 then 4 else if v == 5 then 5 else if v == 6 then 6 else if v == 7 then 7 else if v == 8 then 8 else if v == 9 then 9 else if v == 10 then 10 else if v == 11 then 11 else if v == 12 then 12 else if v == 13 then 13 else if v == 14 then 14 else if v == 15 then 15 else if v == 16 then 16 else if v == 17 then 17 else if v == 18 then 18 else if v == 19 then 19 else -1;
  deepSelect = deepSets.l39.l38.l37.l36.l35.l34.l33.l32.l31.l30.l29.l28.l27.l26.l25.l24.l23.l22.l21.l20.l19.l18.l17.l16.l15.l14.l13.l12.l11.l10.l9.l8.l7.l6.l5.l4.l3.l2.l1.l0.v;
in
{ inherit deepParens deepLists deepSets deepLambda deepLet deepIf deepSelect; }
