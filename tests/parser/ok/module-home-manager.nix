{ config, pkgs, lib, osConfig ? null, ... }:

let
  isWork = osConfig != null && osConfig.networking.hostName == "work-laptop";
  email = if isWork then "alice@corp.example" else "alice@example.org";
in
{
  home.username = "alice";
  home.homeDirectory = "/home/alice";
  home.stateVersion = "24.05";

  home.packages = with pkgs; [
    ripgrep
    fd
    jq
    (python3.withPackages (ps: with ps; [ requests rich ]))
  ] ++ lib.optionals isWork [ pkgs.awscli2 pkgs.kubectl ];

  programs.git = {
    enable = true;
    userName = "Alice Example";
    userEmail = email;
    signing.key = "0x1234ABCD5678EF90";
    aliases = {
      lg = "log --graph --oneline --decorate";
      st = "status -sb";
    };
    extraConfig = {
      init.defaultBranch = "main";
      pull.rebase = true;
      "url \"git@github.com:\"".insteadOf = "https://github.com/";
    };
  };

  programs.bash = {
    enable = true;
    shellAliases.ll = "ls -lah";
    initExtra = ''
      export PATH="$HOME/.local/bin:$PATH"
      [ -f ~/.bashrc.local ] && . ~/.bashrc.local
    '';
  };

  xdg.configFile."ripgrep/config".text = ''
    --smart-case
    --hidden
    --glob=!.git
  '';

  home.file.".ssh/config".source = ./ssh-config;

  systemd.user.services.notes-sync = {
    Unit.Description = "Sync notes";
    Service = {
      Type = "oneshot";
      ExecStart = "${pkgs.git}/bin/git -C ${config.home.homeDirectory}/notes pull --rebase";
    };
  };
}
