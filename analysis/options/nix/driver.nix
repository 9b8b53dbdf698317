# How flakewise loads one module for its option schema (see
# analysis/options/extract.cpp). Works with nixpkgs' lib and with the
# built-in one. Modules are called with placeholders for `config`,
# `options`, `pkgs` and any other argument: open sets (the evaluator answers
# every missing attribute of a set with `__flakewiseMissingAttr`) that show
# where they came from (`pkgs.hello`, `config.services.foo.port`), so that
# declarations never fail on the values they mention.
{ lib, modulesPath ? "/flakewise-builtin/modules-path-unknown" }:
let
  b = builtins;
  ident = n: if b.match "[a-zA-Z_][a-zA-Z0-9_'-]*" n != null then n else b.toJSON n;
  placeholder = text: {
    __flakewisePlaceholder = text;
    __flakewiseMissingAttr = name: placeholder "${text}.${ident name}";
    __functor = self: arg: placeholder "(${text} …)";
    outPath = "\${${text}}";
  };
  pkgs = placeholder "pkgs" // { inherit lib; };
  special = [ "_class" "_file" "key" "disabledModules" "imports" "options" "config" "meta" "freeformType" ];
  plainAttrs = v: b.isAttrs v && !(v ? _type);
in
{
  inherit placeholder pkgs;
  config = placeholder "config";
  options = placeholder "options";

  # `module`: a path, or a module value (set or function). `file`: the file
  # inline modules belong to. `name`: the submodule name argument (null at
  # the top level). `args`: extra module arguments (specialArgs).
  load = { module, file, name ? null, args ? { } }:
    let
      isFile = b.isPath module || b.isString module;
      ownFile = if isFile then toString module else file;
      value = if isFile then import module else module;
      given = {
        inherit lib pkgs modulesPath;
        config = placeholder "config";
        options = placeholder "options";
        specialArgs = args;
      } // args // (if name == null then { } else { inherit name; });
      called =
        if lib.isFunction value
        then value (b.mapAttrs (n: _: given.${n} or (placeholder n)) (lib.functionArgs value))
        else value;
      m = if b.isList called then { imports = called; } else called;
      explicit = m ? config || m ? options;
      config = if explicit then m.config or { } else b.removeAttrs m special;
    in
    {
      file = if m ? _file then toString m._file else ownFile;
      key = if m ? key then toString m.key else null;
      isAttrs = b.isAttrs m;
      imports = m.imports or [ ];
      options = m.options or { };
      hasOptions = m ? options;
      inherit explicit config;
      unsupported = if explicit then b.attrNames (b.removeAttrs m special) else [ ];
      freeformType =
        if m ? freeformType then m.freeformType
        else if plainAttrs config && plainAttrs (config._module or null) then config._module.freeformType or null
        else null;
    };

  fnArgs = f: lib.functionArgs f;
}
