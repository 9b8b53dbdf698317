let
  greeting = "héllo wörld ✓ 日本語"; name = greeting;
in
{ text = "→ ${name} ←"; other = name; }
