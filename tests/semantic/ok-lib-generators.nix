let
  toKeyValue = { sep ? "=" }: attrs:
    builtins.concatStringsSep "\n"
      (map (k: "${k}${sep}${toString attrs.${k}}") (builtins.attrNames attrs));
  toINI = sections:
    builtins.concatStringsSep "\n\n"
      (map (name: "[${name}]\n" + toKeyValue { } sections.${name})
        (builtins.attrNames sections));
in
toINI {
  main.user = "nobody";
  main.port = 8080;
  log = { level = "info"; };
}
