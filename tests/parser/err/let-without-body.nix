let
  greeting = "hello";
  target = "world";
in
