let
  greeting = "hi";
in
let
  inherit greeting;
  loud = greeting + "!";
in
loud
