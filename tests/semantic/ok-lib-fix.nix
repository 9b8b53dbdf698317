let
  fix = f: let x = f x; in x;
  extends = overlay: base: self: let super = base self; in super // overlay self super;
  base = self: { a = 1; b = self.a + 1; };
  extended = extends (self: super: { c = super.b * 10; }) base;
in
fix extended
