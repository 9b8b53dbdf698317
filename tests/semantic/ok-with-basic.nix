let
  colors = { red = "#f00"; green = "#0f0"; };
in
with colors; [ red green ]
