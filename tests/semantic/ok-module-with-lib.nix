{ config, lib, pkgs, ... }:

with lib;

let
  cfg = config.programs.editor;
  settingsFormat = pkgs.formats.toml { };
in
{
  options.programs.editor = {
    enable = mkEnableOption "the editor";
    package = mkPackageOption pkgs "helix" { };
    settings = mkOption {
      type = settingsFormat.type;
      default = { };
    };
  };

  config = mkIf cfg.enable {
    environment.systemPackages = [ cfg.package ];
    environment.etc."editor/config.toml".source =
      settingsFormat.generate "config.toml" cfg.settings;
  };
}
