# Options made by functions: no position of their own.
{ lib, ... }:
{
  options.generated = lib.genAttrs [ "alpha" "beta" ] (n: lib.mkOption {
    type = lib.types.int;
    default = lib.stringLength n;
    description = "Generated option ${n}.";
  }) // {
    gamma = lib.mkOption {
      type = lib.types.separatedString ":";
      default = "a:b";
      description = "Not generated.";
    };
  };
}
