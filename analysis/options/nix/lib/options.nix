# flakewise's built-in lib: option declarations (lib.options).
{ lib }:
let
  b = builtins;
  inherit (b) head length isList isString isAttrs concatStringsSep;
  inherit (lib.lists) last;
  inherit (lib.attrsets) attrByPath optionalAttrs;
in
rec {
  isOption = lib.types.isType "option";

  # Every argument is optional; the option is the arguments plus its type tag.
  mkOption =
    { default ? null, defaultText ? null, example ? null, description ? null, relatedPackages ? null
    , type ? null, apply ? null, internal ? null, visible ? null, readOnly ? null
    }@attrs:
    attrs // { _type = "option"; };

  mkEnableOption = name: mkOption {
    default = false;
    example = true;
    description = "Whether to enable ${name}.";
    type = lib.types.bool;
  };

  mkPackageOption = pkgs: name:
    { nullable ? false, default ? name, example ? null, extraDescription ? "", pkgsText ? "pkgs" }:
    let
      shownName = if isList name then last name else name;
      defaultPath = if isList default then default else [ default ];
      defaultText = concatStringsSep "." defaultPath;
      defaults =
        if default != null then {
          default = attrByPath defaultPath (b.throw "${defaultText} cannot be found in ${pkgsText}") pkgs;
          defaultText = literalExpression "${pkgsText}.${defaultText}";
        }
        else optionalAttrs nullable { default = null; };
    in
    mkOption (defaults // {
      description = "The ${shownName} package to use."
        + (if extraDescription == "" then "" else " ") + extraDescription;
      type = (if nullable then lib.types.nullOr else (t: t)) lib.types.package;
    } // optionalAttrs (example != null) {
      example = literalExpression (if isList example then "${pkgsText}." + concatStringsSep "." example else example);
    });
  mkPackageOptionMD = mkPackageOption;

  mkSinkUndeclaredOptions = attrs: mkOption ({
    internal = true;
    visible = false;
    default = false;
    description = "Sink for option definitions.";
    type = lib.types.mkOptionType { name = "sink"; check = x: true; merge = loc: defs: false; };
    apply = x: b.throw "Option value is not readable because the option is not declared.";
  } // attrs);

  mergeDefaultOption = loc: defs:
    let list = getValues defs; in
    if length list == 1 then head list
    else if b.all b.isFunction list then x: mergeDefaultOption loc (b.map (f: f x) list)
    else if b.all isList list then b.concatLists list
    else if b.all isAttrs list then b.foldl' (x: y: x // y) { } list
    else if b.all b.isBool list then b.foldl' (x: y: x || y) false list
    else if b.all isString list then concatStringsSep "" list
    else if b.all b.isInt list && b.all (x: x == head list) list then head list
    else b.throw "Cannot merge definitions of `${showOption loc}'. Definition values:${showDefs defs}";
  mergeOneOption = mergeUniqueOption { message = ""; };
  mergeUniqueOption = { message, merge ? loc: defs: (head defs).value }: loc: defs:
    if length defs == 1 then merge loc defs
    else b.throw "The option `${showOption loc}' is defined multiple times while it's expected to be unique.\n${message}\nDefinition values:${showDefs defs}";
  mergeEqualOption = loc: defs:
    if defs == [ ] then b.abort "This case should never happen."
    else if length defs == 1 then (head defs).value
    else (b.foldl' (first: def:
      if def.value != first.value
      then b.throw "The option `${showOption loc}' has conflicting definition values:${showDefs [ first def ]}"
      else first) (head defs) (b.tail defs)).value;
  getValues = b.map (x: x.value);
  getFiles = b.map (x: x.file);

  # Documentation: one entry per option (and sub-option), as the NixOS
  # manual's options.json has them.
  optionAttrSetToDocList = optionAttrSetToDocList' [ ];
  "optionAttrSetToDocList'" = _: options:
    b.concatMap (opt:
      let
        name = showOption opt.loc;
        visible = if opt.visible or true == "shallow" then true else opt.visible or true;
        doc = {
          loc = opt.loc;
          inherit name visible;
          description = opt.description or null;
          declarations = b.filter (x: x != unknownModule) opt.declarations;
          internal = opt.internal or false;
          readOnly = opt.readOnly or false;
          type = opt.type.description or "unspecified";
        }
        // optionalAttrs (opt ? example) { example = renderOptionValue opt.example; }
        // optionalAttrs (opt ? defaultText || opt ? default) { default = renderOptionValue (opt.defaultText or opt.default); }
        // optionalAttrs (opt ? relatedPackages && opt.relatedPackages != null) { inherit (opt) relatedPackages; };
        subOptions =
          let ss = opt.type.getSubOptions opt.loc;
          in if ss != { } then optionAttrSetToDocList' opt.loc ss else [ ];
      in
      [ doc ] ++ lib.lists.optionals (visible && opt.visible or null != "shallow") subOptions
    ) (lib.attrsets.collect isOption options);

  scrubOptionValue = x:
    if lib.attrsets.isDerivation x then { type = "derivation"; drvPath = x.name; outPath = x.name; name = x.name; }
    else if isList x then b.map scrubOptionValue x
    else if isAttrs x then b.mapAttrs (n: v: scrubOptionValue v) (b.removeAttrs x [ "_args" ])
    else x;
  renderOptionValue = v:
    if v ? _type && v ? text then v
    else literalExpression (lib.generators.toPretty { multiline = true; allowPrettyValues = true; } v);

  literalExpression = text:
    if !isString text then b.throw "literalExpression expects a string."
    else { _type = "literalExpression"; inherit text; };
  literalExample = literalExpression;
  literalMD = text:
    if !isString text then b.throw "literalMD expects a string."
    else { _type = "literalMD"; inherit text; };
  mdDoc = text: text;

  showOption = parts:
    let
      part = p: if p == "<name>" || p == "*" || p == "<function body>" then p else lib.strings.escapeNixIdentifier p;
    in
    concatStringsSep "." (b.map part parts);
  showOptionWithDefLocs = opt: "${showOption opt.loc}, with values defined in:\n${concatStringsSep "\n" (b.map (f: "  - ${f}") opt.files)}";
  showFiles = files: concatStringsSep " and " (b.map (f: "`${f}'") files);
  showDefs = defs: concatStringsSep "" (b.map (def:
    "\n- In `${def.file}': ${lib.generators.toPretty { } def.value}") defs);
  unknownModule = "<unknown-file>";
}
