{ pkgs, tools ? with pkgs; [ git curl ] }: tools
