{ lib, names }:
{
  services = {
    generated = builtins.map (n:
      let
        prefix = "svc-";
        "${prefix}${n}" = true;
      in
      prefix + n) names;
  };
}
