let
  cfg = { port = 80; or = "an attribute named or"; };
  empty = { };
in
{
  fallback = cfg.host or "localhost";
  fallbackChain = cfg.a.b.c or cfg.port or 0;
  dynamicFallback = cfg.${"tls"} or false;
  quotedFallback = cfg."tls-port" or 443;
  attrNamedOr = cfg.or;
  orInPath = { or.x = 1; }.or.x;
  orOnSet = { }.missing or null;
  orInList = [ empty.a or 1 empty.b or 2 ];
  orAsArgument = builtins.length [ (empty.xs or [ ]) ];
  orThenUpdate = (cfg.extra or { }) // { enabled = true; };
  inheritOr = { inherit (cfg) or; };
  order = "identifiers that start with or are fine";
}
