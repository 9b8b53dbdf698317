# flakewise's built-in lib: option types (lib.types). The names, the
# `description` strings, `check`, `nestedTypes`, `functor` payloads and the
# sub-option paths (`<name>` for attribute sets, `*` for lists) are those of
# nixpkgs' types, so that documentation and checks read the same. Merging of
# definitions is simplified (flakewise evaluates declarations, not
# configurations).
{ lib }:
let
  b = builtins;
  inherit (b) isAttrs isBool isFloat isInt isList isString length head tail elemAt concatStringsSep;
  inherit (lib.trivial) isFunction;
  inherit (lib.attrsets) optionalAttrs mapAttrs attrNames;
  inherit (lib.options) mergeDefaultOption mergeEqualOption mergeOneOption mergeUniqueOption getValues showOption showFiles getFiles;
  inherit (lib.strings) isStringLike escapeNixString hasInfix;

  # The phrase of a type inside another type's description: parenthesised
  # unless its class fits where it is used.
  phrase = fits: t: if fits (t.descriptionClass or null) then t.description else "(${t.description})";
  noun = c: c == "noun";
  nounOrComposite = c: c == "noun" || c == "composite";
  nounOrConjunction = c: c == "noun" || c == "conjunction";

  self = rec {
    isType = type: x: (x._type or "") == type;
    setType = typeName: value: value // { _type = typeName; };

    defaultFunctor = name: {
      inherit name;
      type = types.${name} or null;
      wrapped = null;
      payload = null;
      binOp = x: y: null;
    };

    # Two declarations of one option have their types merged: same type
    # with mergeable payloads (enums, submodules) or wrapped types.
    defaultTypeMerge = f: f':
      let
        wrapped = f.wrapped.typeMerge f'.wrapped.functor;
        payload = f.binOp f.payload f'.payload;
      in
      if f.name != f'.name then null
      else if f.wrapped == null && f'.wrapped == null && f.payload == null && f'.payload == null then f.type
      else if f.wrapped != null && f'.wrapped != null && wrapped != null then f.type wrapped
      else if f.payload != null && f'.payload != null && payload != null then f.type payload
      else null;

    isOptionType = isType "option-type";
    mkOptionType =
      { name, description ? null, descriptionClass ? null, check ? (x: true), merge ? mergeDefaultOption
      , emptyValue ? { }, getSubOptions ? prefix: { }, getSubModules ? null, substSubModules ? m: null
      , typeMerge ? defaultTypeMerge functor, functor ? defaultFunctor name, deprecationMessage ? null
      , nestedTypes ? { }
      }: {
        _type = "option-type";
        inherit name check merge emptyValue getSubOptions getSubModules substSubModules typeMerge functor
          deprecationMessage nestedTypes descriptionClass;
        description = if description == null then name else description;
      };

    optionDescriptionPhrase = phrase;

    types = rec {
      raw = mkOptionType { name = "raw"; description = "raw value"; descriptionClass = "noun"; merge = mergeOneOption; };

      anything = mkOptionType {
        name = "anything";
        description = "anything";
        descriptionClass = "noun";
        merge = loc: defs:
          let values = getValues defs; in
          if b.all isAttrs values && !(b.any isStringLike values) then (attrsOf anything).merge loc defs
          else if length defs == 1 then head values
          else mergeEqualOption loc defs;
      };

      unspecified = mkOptionType { name = "unspecified"; description = "unspecified value"; descriptionClass = "noun"; };

      bool = mkOptionType { name = "bool"; description = "boolean"; descriptionClass = "noun"; check = isBool; merge = mergeEqualOption; };
      boolByOr = mkOptionType {
        name = "boolByOr";
        description = "boolean (merged using or)";
        descriptionClass = "noun";
        check = isBool;
        merge = loc: defs: b.foldl' (r: d: r || d.value) false defs;
      };

      int = mkOptionType { name = "int"; description = "signed integer"; descriptionClass = "noun"; check = isInt; merge = mergeEqualOption; };

      ints =
        let
          range = lo: hi: "${toString lo} and ${toString hi} (both inclusive)";
          between = lo: hi:
            assert lib.asserts.assertMsg (lo <= hi) "ints.between: lowest must be smaller than highest";
            addCheck int (x: x >= lo && x <= hi) // {
              name = "intBetween";
              description = "integer between ${range lo hi}";
            };
          sized = lo: hi: name: what: between lo hi // { inherit name; description = "${what}; between ${range lo hi}"; };
          unsignedBits = bits: count: sized 0 (count - 1) "unsignedInt${toString bits}" "${toString bits} bit unsigned integer";
          signedBits = bits: count: sized (0 - count / 2) (count / 2 - 1) "signedInt${toString bits}" "${toString bits} bit signed integer";
        in
        {
          inherit between;
          unsigned = addCheck int (x: x >= 0) // {
            name = "unsignedInt";
            description = "unsigned integer, meaning >=0";
            descriptionClass = "nonRestrictiveClause";
          };
          positive = addCheck int (x: x > 0) // {
            name = "positiveInt";
            description = "positive integer, meaning >0";
            descriptionClass = "nonRestrictiveClause";
          };
          u8 = unsignedBits 8 256;
          u16 = unsignedBits 16 65536;
          u32 = unsignedBits 32 4294967296;
          s8 = signedBits 8 256;
          s16 = signedBits 16 65536;
          s32 = signedBits 32 4294967296;
        };
      port = ints.u16;

      float = mkOptionType { name = "float"; description = "floating point number"; descriptionClass = "noun"; check = isFloat; merge = mergeEqualOption; };
      number = either int float;
      numbers =
        let range = lo: hi: "${b.toJSON lo} and ${b.toJSON hi} (both inclusive)";
        in {
          between = lo: hi:
            assert lib.asserts.assertMsg (lo <= hi) "numbers.between: lowest must be smaller than highest";
            addCheck number (x: x >= lo && x <= hi) // {
              name = "numberBetween";
              description = "integer or floating point number between ${range lo hi}";
            };
          nonnegative = addCheck number (x: x >= 0) // {
            name = "numberNonnegative";
            description = "nonnegative integer or floating point number, meaning >=0";
            descriptionClass = "nonRestrictiveClause";
          };
          positive = addCheck number (x: x > 0) // {
            name = "numberPositive";
            description = "positive integer or floating point number, meaning >0";
            descriptionClass = "nonRestrictiveClause";
          };
        };

      str = mkOptionType { name = "str"; description = "string"; descriptionClass = "noun"; check = isString; merge = mergeEqualOption; };
      nonEmptyStr = mkOptionType {
        name = "nonEmptyStr";
        description = "non-empty string";
        descriptionClass = "noun";
        check = x: isString x && b.match "[ \t\n]*" x == null;
        merge = mergeEqualOption;
      };
      singleLineStr = mkOptionType {
        name = "singleLineStr";
        description = "(optionally newline-terminated) single-line string";
        descriptionClass = "noun";
        check = x: isString x && b.match "[^\n\r]*\n?" x != null;
        merge = loc: defs: lib.strings.removeSuffix "\n" (mergeEqualOption loc defs);
      };
      strMatching = pattern: mkOptionType {
        name = "strMatching ${escapeNixString pattern}";
        description = "string matching the pattern ${pattern}";
        descriptionClass = "noun";
        check = x: isString x && b.match pattern x != null;
        merge = mergeEqualOption;
      };
      separatedString = sep: mkOptionType rec {
        name = "separatedString";
        description = if sep == "" then "Concatenated string" else "strings concatenated with ${b.toJSON sep}";
        descriptionClass = "noun";
        check = isString;
        merge = loc: defs: concatStringsSep sep (getValues defs);
        functor = defaultFunctor name // {
          payload = sep;
          binOp = x: y: if x == y then x else null;
        };
      };
      lines = separatedString "\n";
      commas = separatedString ",";
      envVar = separatedString ":";
      string = lib.trivial.warn "The type `types.string` is deprecated. See https://github.com/NixOS/nixpkgs/pull/66346 for better alternative types."
        (separatedString "" // { name = "string"; });
      passwdEntry = entryType: addCheck entryType (s: !(hasInfix ":" s || hasInfix "\n" s)) // {
        name = "passwdEntry ${entryType.name}";
        description = "${phrase noun entryType}, not containing newlines or colons";
        descriptionClass = "nonRestrictiveClause";
      };

      attrs = mkOptionType {
        name = "attrs";
        description = "attribute set";
        check = isAttrs;
        merge = loc: b.foldl' (r: d: r // d.value) { };
        emptyValue = { value = { }; };
      };

      package = mkOptionType {
        name = "package";
        descriptionClass = "noun";
        check = x: lib.attrsets.isDerivation x || lib.strings.isStorePath x;
        merge = mergeOneOption;
      };
      shellPackage = package // { check = x: lib.attrsets.isDerivation x && x ? shellPath; };
      pkgs = addCheck (unique { message = "A Nixpkgs pkgs set can not be merged with another pkgs set."; } attrs // {
        name = "pkgs";
        descriptionClass = "noun";
        description = "Nixpkgs package set";
      }) (x: (x._type or null) == "pkgs");

      path = mkOptionType {
        name = "path";
        descriptionClass = "noun";
        check = x: isStringLike x && b.substring 0 1 (toString x) == "/";
        merge = mergeEqualOption;
      };
      pathInStore = mkOptionType {
        name = "pathInStore";
        description = "path in the Nix store";
        descriptionClass = "noun";
        check = x: isStringLike x && b.match "${b.storeDir}/[^.].*" (toString x) != null;
        merge = mergeEqualOption;
      };

      listOf = elemType: mkOptionType rec {
        name = "listOf";
        description = "list of ${phrase nounOrComposite elemType}";
        descriptionClass = "composite";
        check = isList;
        merge = loc: defs: b.concatLists (getValues defs);
        emptyValue = { value = [ ]; };
        getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "*" ]);
        getSubModules = elemType.getSubModules;
        substSubModules = m: listOf (elemType.substSubModules m);
        functor = defaultFunctor name // { wrapped = elemType; };
        nestedTypes.elemType = elemType;
      };
      nonEmptyListOf = elemType:
        let list = addCheck (listOf elemType) (l: l != [ ]);
        in list // {
          description = "non-empty ${phrase noun list}";
          emptyValue = { };
          substSubModules = m: nonEmptyListOf (elemType.substSubModules m);
        };

      attrsOf = elemType: mkOptionType rec {
        name = "attrsOf";
        description = "attribute set of ${phrase nounOrComposite elemType}";
        descriptionClass = "composite";
        check = isAttrs;
        merge = loc: defs: b.zipAttrsWith (n: vs: if length vs == 1 then head vs else elemType.merge (loc ++ [ n ]) (b.map (value: { file = "<unknown-file>"; inherit value; }) vs)) (getValues defs);
        emptyValue = { value = { }; };
        getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<name>" ]);
        getSubModules = elemType.getSubModules;
        substSubModules = m: attrsOf (elemType.substSubModules m);
        functor = defaultFunctor name // { wrapped = elemType; };
        nestedTypes.elemType = elemType;
      };
      lazyAttrsOf = elemType: attrsOf elemType // rec {
        name = "lazyAttrsOf";
        description = "lazy attribute set of ${phrase nounOrComposite elemType}";
        substSubModules = m: lazyAttrsOf (elemType.substSubModules m);
        functor = defaultFunctor name // { wrapped = elemType; };
        typeMerge = defaultTypeMerge functor;
      };
      loaOf = elemType: attrsOf elemType // {
        name = "loaOf";
        deprecationMessage = "Mixing lists with attribute values is no longer possible; please use `types.attrsOf` instead. See https://github.com/NixOS/nixpkgs/issues/1800 for the motivation.";
        nestedTypes.elemType = elemType;
      };

      attrTag = tags: mkOptionType {
        name = "attrTag";
        description = "attribute-tagged union";
        descriptionClass = "noun";
        check = v: isAttrs v && length (attrNames v) == 1 && tags ? ${head (attrNames v)};
        getSubOptions = prefix: mapAttrs (tag: opt: { ${showOption prefix} = opt // { loc = prefix ++ [ tag ]; }; }) tags;
        nestedTypes = tags;
        functor = defaultFunctor "attrTag" // {
          type = { tags, ... }: attrTag tags;
          payload = { inherit tags; };
          binOp = x: y: { tags = x.tags // y.tags; };
        };
      };

      uniq = unique { message = ""; };
      unique = { message }: type: mkOptionType rec {
        name = "unique";
        inherit (type) description descriptionClass check emptyValue getSubOptions getSubModules;
        merge = mergeUniqueOption { inherit message; inherit (type) merge; };
        substSubModules = m: uniq (type.substSubModules m);
        functor = defaultFunctor name // { wrapped = type; };
        nestedTypes.elemType = type;
      };

      nullOr = elemType: mkOptionType rec {
        name = "nullOr";
        description = "null or ${phrase nounOrConjunction elemType}";
        descriptionClass = "conjunction";
        check = x: x == null || elemType.check x;
        merge = loc: defs:
          let nulls = lib.lists.count (d: d.value == null) defs; in
          if nulls == length defs then null
          else if nulls != 0 then b.throw "The option `${showOption loc}` is defined both null and not null, in ${showFiles (getFiles defs)}."
          else elemType.merge loc defs;
        emptyValue = { value = null; };
        getSubOptions = elemType.getSubOptions;
        getSubModules = elemType.getSubModules;
        substSubModules = m: nullOr (elemType.substSubModules m);
        functor = defaultFunctor name // { wrapped = elemType; };
        nestedTypes.elemType = elemType;
      };

      functionTo = elemType: mkOptionType {
        name = "functionTo";
        description = "function that evaluates to a(n) ${phrase nounOrComposite elemType}";
        descriptionClass = "composite";
        check = isFunction;
        merge = loc: defs: arg: elemType.merge (loc ++ [ "<function body>" ]) (b.map (d: d // { value = d.value arg; }) defs);
        getSubOptions = prefix: elemType.getSubOptions (prefix ++ [ "<function body>" ]);
        getSubModules = elemType.getSubModules;
        substSubModules = m: functionTo (elemType.substSubModules m);
        functor = defaultFunctor "functionTo" // { wrapped = elemType; };
        nestedTypes.elemType = elemType;
      };

      submodule = modules: submoduleWith {
        shorthandOnlyDefinesConfig = true;
        modules = lib.lists.toList modules;
      };

      submoduleWith = { modules, specialArgs ? { }, shorthandOnlyDefinesConfig ? false, description ? null, class ? null }@attrs:
        let
          base = lib.modules.evalModules {
            inherit class specialArgs;
            modules = [ { _module.args.name = lib.modules.mkOptionDefault "‹name›"; } ] ++ modules;
          };
          freeformType = base._module.freeformType;
          either' = x: y: if x == null then y else if y == null then x else if x == y then x else b.throw "A submoduleWith option is declared multiple times with conflicting values";
        in
        mkOptionType {
          name = "submodule";
          description = if description != null then description else freeformType.description or "submodule";
          check = x: isAttrs x || isFunction x || path.check x;
          merge = loc: defs: (base.extendModules { modules = b.map (d: { _file = d.file; imports = [ d.value ]; }) defs; prefix = loc; }).config;
          emptyValue = { value = { }; };
          getSubOptions = prefix: (base.extendModules { inherit prefix; }).options
            // optionalAttrs (freeformType != null) { _freeformOptions = freeformType.getSubOptions prefix; };
          getSubModules = modules;
          substSubModules = m: submoduleWith (attrs // { modules = m; });
          nestedTypes = optionalAttrs (freeformType != null) { inherit freeformType; };
          functor = defaultFunctor "submodule" // {
            type = submoduleWith;
            payload = { inherit modules class specialArgs shorthandOnlyDefinesConfig description; };
            binOp = x: y: {
              class = either' (x.class or null) (y.class or null);
              modules = x.modules ++ y.modules;
              specialArgs = x.specialArgs // y.specialArgs;
              shorthandOnlyDefinesConfig = either' x.shorthandOnlyDefinesConfig y.shorthandOnlyDefinesConfig;
              description = either' x.description y.description;
            };
          };
        };

      deferredModule = deferredModuleWith { };
      deferredModuleWith = attrs@{ staticModules ? [ ] }: mkOptionType {
        name = "deferredModule";
        description = "module";
        descriptionClass = "noun";
        check = x: isAttrs x || isFunction x || path.check x;
        merge = loc: defs: { imports = staticModules ++ b.map (d: lib.modules.setDefaultModuleLocation "${d.file}, via option ${showOption loc}" d.value) defs; };
        inherit (submoduleWith { modules = staticModules; }) getSubOptions getSubModules;
        substSubModules = m: deferredModuleWith (attrs // { staticModules = m; });
        functor = defaultFunctor "deferredModuleWith" // {
          type = deferredModuleWith;
          payload = { inherit staticModules; };
          binOp = x: y: { staticModules = x.staticModules ++ y.staticModules; };
        };
      };

      optionType = mkOptionType {
        name = "optionType";
        description = "optionType";
        descriptionClass = "noun";
        check = value: value._type or null == "option-type";
        merge = loc: defs: (head defs).value;
      };

      enum = values:
        let
          show = v:
            if isString v then ''"${v}"''
            else if isInt v then toString v
            else if isBool v then lib.trivial.boolToString v
            else "<${b.typeOf v}>";
        in
        mkOptionType rec {
          name = "enum";
          description =
            if values == [ ] then "impossible (empty enum)"
            else if length values == 1 then "value ${show (head values)} (singular enum)"
            else "one of ${concatStringsSep ", " (b.map show values)}";
          descriptionClass = if length values < 2 then "noun" else "conjunction";
          check = x: b.elem x values;
          merge = mergeEqualOption;
          functor = defaultFunctor name // { payload = values; binOp = x: y: lib.lists.unique (x ++ y); };
        };

      either = t1: t2: mkOptionType rec {
        name = "either";
        description =
          if t1.descriptionClass or null == "nonRestrictiveClause"
          then "${t1.description}, or ${phrase nounOrConjunction t2}"
          else "${phrase nounOrConjunction t1} or ${phrase (c: c == "noun" || c == "conjunction" || c == "composite") t2}";
        descriptionClass = "conjunction";
        check = x: t1.check x || t2.check x;
        merge = loc: defs:
          let values = getValues defs; in
          if b.all t1.check values then t1.merge loc defs
          else if b.all t2.check values then t2.merge loc defs
          else mergeOneOption loc defs;
        typeMerge = f':
          let
            m1 = t1.typeMerge (elemAt f'.wrapped 0).functor;
            m2 = t2.typeMerge (elemAt f'.wrapped 1).functor;
          in
          if name == f'.name && m1 != null && m2 != null then functor.type m1 m2 else null;
        functor = defaultFunctor name // { wrapped = [ t1 t2 ]; };
        nestedTypes.left = t1;
        nestedTypes.right = t2;
      };
      oneOf = ts:
        if ts == [ ] then b.throw "types.oneOf needs to get at least one type in its argument"
        else b.foldl' either (head ts) (tail ts);

      coercedTo = coercedType: coerceFunc: finalType:
        assert lib.asserts.assertMsg (coercedType.getSubModules == null)
          "coercedTo: coercedType must not have submodules (it is a ${coercedType.description})";
        mkOptionType rec {
          name = "coercedTo";
          description = "${phrase noun finalType} or ${phrase noun coercedType} convertible to it";
          check = x: (coercedType.check x && finalType.check (coerceFunc x)) || finalType.check x;
          merge = loc: defs: finalType.merge loc (b.map (d: d // { value = if coercedType.check d.value then coerceFunc d.value else d.value; }) defs);
          emptyValue = finalType.emptyValue;
          getSubOptions = finalType.getSubOptions;
          getSubModules = finalType.getSubModules;
          substSubModules = m: coercedTo coercedType coerceFunc (finalType.substSubModules m);
          typeMerge = t1: t2: null;
          functor = defaultFunctor name // { wrapped = finalType; };
          nestedTypes.coercedType = coercedType;
          nestedTypes.finalType = finalType;
        };

      addCheck = elemType: check: elemType // { check = x: elemType.check x && check x; };
    };
  };
in
self // self.types
