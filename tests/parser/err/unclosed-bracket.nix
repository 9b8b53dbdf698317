{ pkgs, ... }:
{
  fonts.packages = with pkgs; [
    noto-fonts
    noto-fonts-emoji
    fira-code

  fonts.fontconfig.defaultFonts.monospace = [ "Fira Code" ];
}
