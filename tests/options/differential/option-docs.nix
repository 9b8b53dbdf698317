# The option tree of modules/ as `flakewise options --format json` prints
# it, computed by the real nix-instantiate with a lib's own evalModules:
# generate.sh makes expected.json with it (nixpkgs' lib when given one,
# else flakewise's built-in lib), and the test runs it again with the
# built-in lib. Declarations that point into the lib itself
# (options made by mkRenamedOptionModule & co) are shown as the declaring
# module's file without a line, as flakewise shows them.
{ lib, root }:
let
  b = builtins;
  modules = b.map (f: root + "/modules/${f}") [ "web.nix" "plain.nix" "generated.nix" ];
  pkgs = {
    hello = { type = "derivation"; name = "hello-2.12.1"; outPath = "/nix/store/00000000000000000000000000000000-hello-2.12.1"; };
  };
  evaluated = lib.evalModules { inherit modules; specialArgs = { inherit pkgs; }; };
  prefix = toString root + "/modules/";
  rel = f: lib.removePrefix prefix (toString f);
  inModules = f: lib.hasPrefix prefix (toString f);
  declarations = opt: lib.zipListsWith (file: p:
    if p != null && inModules p.file then { file = rel p.file; inherit (p) line column; }
    else { file = rel file; line = null; column = null; })
    opt.declarations (opt.declarationPositions or (b.map (x: null) opt.declarations));
  doc = opt: {
    path = lib.showOption opt.loc;
    loc = opt.loc;
    type = opt.type.description or "unspecified";
    description = opt.description or null;
    readOnly = opt.readOnly or false;
    internal = opt.internal or false;
    visible = if opt.visible or true == "shallow" then "shallow" else opt.visible or true;
    declarations = declarations opt;
  }
  // lib.optionalAttrs (opt ? example) { example = lib.options.renderOptionValue opt.example; }
  // lib.optionalAttrs (opt ? default || opt ? defaultText) {
    default = lib.options.renderOptionValue (opt.defaultText or opt.default);
  };
  collect = options: b.concatMap (opt:
    let sub = opt.type.getSubOptions opt.loc;
    in [ (doc opt) ] ++ (if sub != { } then collect (b.removeAttrs sub [ "_module" ]) else [ ]))
    (lib.collect lib.isOption (b.removeAttrs options [ "_module" ]));
in
b.sort (x: y: x.path < y.path) (collect evaluated.options)
