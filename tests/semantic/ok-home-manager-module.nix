{ config, pkgs, lib, ... }:
{
  home.username = "ada";
  home.homeDirectory = "/home/ada";
  home.packages = with pkgs; [ ripgrep fd bat ];

  programs.git = {
    enable = true;
    userName = "Ada";
    extraConfig.init.defaultBranch = "main";
  };
  programs.git.aliases.st = "status";

  home.file.".config/tool/config".text = lib.generators.toINI { } {
    general.home = config.home.homeDirectory;
  };
}
