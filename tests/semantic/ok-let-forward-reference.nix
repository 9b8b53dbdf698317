# A let binding may use one that is defined after it.
let
  full = "${first} ${last}";
  first = "Ada";
  last = "Lovelace";
in
full
