let
  compose = f: g: x: f (g x);
  pipeline = compose inc (compose double inc);
  inc = n: n + 1;
in
pipeline 3
