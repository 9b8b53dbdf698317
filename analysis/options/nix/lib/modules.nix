# flakewise's built-in lib: the module system (lib.modules).
#
# The definition helpers (mkIf, mkMerge, mkOverride, …) build the same
# tagged values as nixpkgs. evalModules collects modules (imports followed,
# duplicates removed by key, disabledModules honoured) and merges their
# option declarations, with nixpkgs' locations, declarations and sub-option
# paths, so that `options`, `optionAttrSetToDocList` and submodule
# documentation work. It does not merge definitions: `config` is an error
# that says so (flakewise checks definitions statically instead).
{ lib }:
let
  b = builtins;
  inherit (b) head tail length isAttrs isList isString isPath filter concatMap attrNames elemAt;
  inherit (lib.trivial) isFunction functionArgs;
  inherit (lib.attrsets) optionalAttrs setAttrByPath attrByPath getAttrFromPath genAttrs;
  inherit (lib.options) mkOption showOption showFiles isOption unknownModule;
  types = lib.types;
in
rec {
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkAssert = assertion: message: content:
    mkIf (if assertion then true else b.throw "\nFailed assertion: ${message}") content;
  mkMerge = contents: { _type = "merge"; inherit contents; };
  mkOverride = priority: content: { _type = "override"; inherit priority content; };
  mkOptionDefault = mkOverride 1500;
  mkDefault = mkOverride 1000;
  defaultOverridePriority = 100;
  defaultPriority = defaultOverridePriority;
  mkImageMediaOverride = mkOverride 60;
  mkForce = mkOverride 50;
  mkVMOverride = mkOverride 10;
  mkFixStrictness = x: x;
  mkOrder = priority: content: { _type = "order"; inherit priority content; };
  mkBefore = mkOrder 500;
  defaultOrderPriority = 1000;
  mkAfter = mkOrder 1500;

  mkAliasDefinitions = mkAliasAndWrapDefinitions (x: x);
  mkAliasAndWrapDefinitions = wrap: option: mkAliasIfDef option (wrap (mkMerge option.definitions));
  mkAliasAndWrapDefsWithPriority = wrap: option:
    let prio = option.highestPrio or defaultOverridePriority;
    in mkAliasIfDef option (wrap (mkMerge (b.map (mkOverride prio) option.definitions)));
  mkAliasIfDef = option: mkIf (isOption option && option.isDefined);

  setDefaultModuleLocation = file: m: { _file = file; imports = [ m ]; };
  importJSON = file: { _file = file; config = lib.trivial.importJSON file; };
  importTOML = file: { _file = file; config = lib.trivial.importTOML file; };

  # Removed and renamed options: the same option declarations as nixpkgs
  # (an invisible option whose `apply` throws, an "Alias of" option).
  mkRemovedOptionModule = optionName: replacementInstructions:
    { options, ... }: {
      options = setAttrByPath optionName (mkOption {
        visible = false;
        apply = x: b.throw "The option `${showOption optionName}' can no longer be used since it's been removed. ${replacementInstructions}";
      });
    };
  mkRenamedOptionModule = from: to: doRename {
    inherit from to;
    visible = false;
    warn = true;
    use = b.trace "Obsolete option `${showOption from}' is used. It was renamed to `${showOption to}'.";
  };
  mkRenamedOptionModuleWith = { from, to, sinceRelease }: doRename {
    inherit from to;
    visible = false;
    warn = lib.trivial.isInOldestRelease sinceRelease;
    use = x: x;
  };
  mkMergedOptionModule = from: to: mergeFn:
    { config, options, ... }: {
      options = b.foldl' lib.attrsets.recursiveUpdate { } (b.map (path: setAttrByPath path (mkOption {
        visible = false;
        default = "_mkMergedOptionModule";
      })) from);
    };
  mkChangedOptionModule = from: to: changeFn: mkMergedOptionModule [ from ] to changeFn;
  mkAliasOptionModule = from: to: doRename {
    inherit from to;
    visible = true;
    warn = false;
    use = x: x;
  };
  mkAliasOptionModuleMD = mkAliasOptionModule;
  mkDerivedConfig = opt: f: mkOverride (opt.highestPrio or defaultOverridePriority) (f opt.value);
  doRename = { from, to, visible, warn, use, withPriority ? true, condition ? true }:
    { config, options, ... }:
    let
      toType = let opt = attrByPath to { } options; in opt.type or (types.submodule { });
    in
    {
      options = setAttrByPath from (mkOption {
        inherit visible;
        description = "Alias of {option}`${showOption to}`.";
        apply = x: use (attrByPath to (b.abort "Renaming error: option `${showOption to}' does not exist.") config);
      } // optionalAttrs (toType != null) { type = toType; });
    };

  # --- evalModules (declarations only) ---------------------------------

  # A module, called with its arguments when it is a function, as
  # { file, key, imports, options, config, freeformType, disabledModules }.
  loadModule = args: file: key: m:
    let
      value =
        if isPath m || isString m then import m
        else m;
      ownFile = if isPath m || isString m then toString m else file;
      ownKey = if isPath m || isString m then toString m else key;
      called =
        if isFunction value then
          value (b.mapAttrs (name: _:
            if args.fixed ? ${name} then args.fixed.${name}
            else args.declared.${name} or (b.throw "flakewise: the module argument `${name}' is not known here")) (functionArgs value))
        else value;
    in
    unifyModuleSyntax ownFile ownKey called;

  unifyModuleSyntax = file: key: m:
    let
      special = [ "_class" "_file" "key" "disabledModules" "imports" "options" "config" "meta" "freeformType" ];
      explicit = m ? config || m ? options;
      extra = b.removeAttrs m special;
    in
    if !isAttrs m then b.throw "module ${file} (${key}) does not look like a module."
    else if explicit && extra != { } then
      b.throw "Module `${file}' has an unsupported attribute `${head (attrNames extra)}': a module with `config' or `options' must define everything else under `config' (move ${b.concatStringsSep ", " (attrNames extra)} there)."
    else {
      file = m._file or file;
      key = toString (m.key or key);
      imports = m.imports or [ ];
      options = m.options or { };
      config = if explicit then m.config or { } else extra;
      freeformType = m.freeformType or null;
      disabledModules = m.disabledModules or [ ];
    };

  # Modules reachable through imports, each once (by key).
  collectModules = args: modules:
    let
      item = file: key: m: { key = "${key}"; loaded = loadModule args file key m; };
      keyOf = parentKey: i: m: if isPath m || isString m then toString m else "${parentKey}:anon-${toString i}";
      closure = b.genericClosure {
        startSet = lib.lists.imap1 (i: m: item unknownModule (keyOf "" i m) m) modules;
        operator = it: lib.lists.imap1 (i: m: item it.loaded.file (keyOf it.loaded.key i m) m) it.loaded.imports;
      };
      loaded = b.map (it: it.loaded) closure;
      disabled = b.map (d: if isAttrs d && d ? key then toString d.key else toString d) (concatMap (m: m.disabledModules) loaded);
      isDisabled = m: b.elem m.key disabled || b.any (d: lib.strings.hasSuffix "/${d}" m.key) disabled;
    in
    filter (m: !isDisabled m) loaded;

  # Merges the option declarations of `decls` ([{ file, pos, options }])
  # at `loc`.
  mergeDeclarations = loc: decls:
    let
      options = filter (d: isOption d.options) decls;
      names = lib.lists.unique (concatMap (d: if isAttrs d.options && !isOption d.options then attrNames d.options else [ ]) decls);
    in
    if options != [ ] then mergeOptionDecls loc options
    else genAttrs names (name: mergeDeclarations (loc ++ [ name ]) (concatMap (d:
      if isAttrs d.options && !isOption d.options && d.options ? ${name}
      then [ { inherit (d) file; pos = b.unsafeGetAttrPos name d.options; options = d.options.${name}; } ]
      else [ ]) decls));

  mergeOptionDecls = loc: decls:
    let
      merged = b.foldl' (res: d:
        let
          opt = d.options;
          both = k: opt ? ${k} && res ? ${k};
          mergedType = if both "type" then res.type.typeMerge opt.type.functor else null;
          subModules = if opt ? type && opt.type.getSubModules or null != null
            then b.map (setDefaultModuleLocation d.file) opt.type.getSubModules else [ ];
        in
        if both "default" || both "example" || both "description" || both "apply" || (both "type" && mergedType == null)
        then b.throw "The option `${showOption loc}' in `${d.file}' is already declared in ${showFiles res.declarations}."
        else opt // res // {
          declarations = res.declarations ++ [ d.file ];
          declarationPositions = res.declarationPositions
            ++ [ (if d.pos != null then d.pos else { inherit (d) file; line = null; column = null; }) ];
          subModules = res.subModules ++ subModules;
        } // optionalAttrs (both "type") { type = mergedType; }
      ) { inherit loc; declarations = [ ]; declarationPositions = [ ]; subModules = [ ]; } decls;
      type = merged.type or types.unspecified;
    in
    b.removeAttrs merged [ "subModules" ] // {
      type = if type.getSubModules != null then type.substSubModules merged.subModules else type;
    };

  evalModules = evalArgs@{ modules, prefix ? [ ], args ? { }, specialArgs ? { }, check ? true, class ? null }:
    let
      collected = collectModules moduleArgs (modules ++ [ internalModule ]);
      # Definitions of `_module.args`, without their priorities.
      plain = v: if isAttrs v && v ? _type && v ? content then plain v.content else v;
      declaredArgs = b.foldl' (acc: m:
        let c = plain m.config; in
        acc // (if isAttrs c && c ? _module then b.mapAttrs (n: plain) (plain (plain c._module).args or { }) else { })
      ) { } collected;
      # The arguments modules are called with. `_module.args` definitions
      # (`declared`) are read only for names the evaluation does not fix,
      # because finding them loads the modules themselves.
      fixedArgs = args // specialArgs // {
        inherit lib options specialArgs;
        config = b.throw "flakewise's built-in lib evaluates option declarations only; `config` needs nixpkgs' lib (configure it, or use a flake whose nixpkgs input is present locally)";
        _class = class;
      };
      moduleArgs = { fixed = fixedArgs; declared = declaredArgs; };
      options = mergeDeclarations prefix (b.map (m: { inherit (m) file; pos = null; options = m.options; }) collected);
      freeformTypes = filter (t: t != null) (b.map (m: m.freeformType) collected);
      internalModule = {
        _file = "lib/modules.nix";
        key = "lib/modules.nix";
        options._module = {
          args = mkOption {
            type = types.lazyAttrsOf types.raw;
            ${if prefix == [ ] then null else "internal"} = true;
            description = "Additional arguments passed to each module.";
          };
          check = mkOption { type = types.bool; internal = true; default = true; description = "Whether definitions must have declarations."; };
          freeformType = mkOption { type = types.nullOr types.optionType; internal = true; default = null; description = "The type of definitions that have no declared option."; };
          specialArgs = mkOption { readOnly = true; internal = true; description = "Arguments of the evaluation that modules cannot change."; };
        };
      };
    in
    {
      inherit options class;
      config = b.throw "flakewise's built-in lib evaluates option declarations only; `config` needs nixpkgs' lib";
      _module = {
        freeformType = if freeformTypes == [ ] then null else head freeformTypes;
        args = declaredArgs // fixedArgs;
        inherit specialArgs check;
      };
      type = types.submoduleWith { inherit modules specialArgs class; };
      extendModules = { modules ? [ ], specialArgs ? { }, prefix ? [ ] }:
        evalModules (evalArgs // {
          modules = evalArgs.modules ++ modules;
          specialArgs = evalArgs.specialArgs or { } // specialArgs;
          prefix = if prefix == [ ] then evalArgs.prefix or [ ] else prefix;
        });
    };
}
