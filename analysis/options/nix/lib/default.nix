# flakewise's built-in lib: what NixOS-style modules use from nixpkgs' lib
# (the module system, option types, and the general helpers), written for
# flakewise. It is used when no nixpkgs lib is available locally; the option
# schemas evaluated with it read the same as with nixpkgs' (same type
# descriptions, sub-option paths and locations). See docs/OPTIONS.md.
let
  b = builtins;
  # Sets of names modules only mention (maintainers, licenses, platforms):
  # every attribute exists and is a set of the same kind, so that
  # `meta.maintainers = with lib.maintainers; [ alice ];` evaluates.
  open = what: {
    __flakewiseMissingAttr = name: open "${what}.${name}" // { inherit name; shortName = name; };
    _flakewiseOpen = what;
  };
  lib = b.foldl' (x: y: x // y) { } [
    (b.intersectAttrs {
      add = 0; addErrorContext = 0; attrNames = 0; concatLists = 0; deepSeq = 0; elem = 0; elemAt = 0;
      filter = 0; genericClosure = 0; genList = 0; getAttr = 0; hasAttr = 0; head = 0; isAttrs = 0;
      isBool = 0; isInt = 0; isList = 0; isPath = 0; isString = 0; length = 0; lessThan = 0;
      listToAttrs = 0; pathExists = 0; readFile = 0; replaceStrings = 0; seq = 0; stringLength = 0;
      sub = 0; substring = 0; tail = 0; trace = 0; toString = 0; map = 0; attrValues = 0; typeOf = 0;
      isFloat = 0; toJSON = 0; fromJSON = 0; match = 0; split = 0; removeAttrs = 0; mapAttrs = 0;
      foldl' = 0; sort = 0; concatStringsSep = 0; any = 0; all = 0; concatMap = 0; partition = 0;
    } b)
    trivial
    lists
    strings
    attrsets
    meta.meta
    meta.fixedPoints
    meta.debug
    meta.asserts
    options
    modules
    { inherit (types) isType setType defaultTypeMerge defaultFunctor isOptionType mkOptionType; }
    {
      inherit trivial lists strings attrsets options modules types generators;
      inherit (meta) meta versions asserts debug fixedPoints cli;
      inherit (meta.versions) splitVersion;
      maintainers = open "lib.maintainers";
      teams = open "lib.teams";
      licenses = open "lib.licenses";
      platforms = open "lib.platforms";
      systems = open "lib.systems";
      sourceTypes = open "lib.sourceTypes";
      _flakewiseBuiltinLib = true;
      extend = f: lib // f lib lib;
    }
  ];
  call = file: import file { inherit lib; };
  trivial = call ./trivial.nix;
  lists = call ./lists.nix;
  strings = call ./strings.nix;
  attrsets = call ./attrsets.nix;
  options = call ./options.nix;
  types = call ./types.nix;
  modules = call ./modules.nix;
  generators = call ./generators.nix;
  meta = call ./meta.nix;
in
lib
