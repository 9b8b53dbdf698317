{ config, lib, pkgs, ... }:
let
  inherit (lib) mkDefault mkForce mkIf mkMerge mkOrder mkBefore mkAfter optionalString;
  cfg = config.profiles.server;
in
{
  options.profiles.server.enable = lib.mkEnableOption "the server profile";

  config = mkMerge [
    {
      boot.kernel.sysctl."net.core.somaxconn" = mkDefault 1024;
      environment.systemPackages = mkBefore [ pkgs.htop ];
    }

    (mkIf cfg.enable {
      services.openssh = {
        enable = true;
        settings.PasswordAuthentication = false;
        settings.PermitRootLogin = mkForce "no";
      };
      documentation.enable = false;
      environment.systemPackages = mkAfter [ pkgs.tmux ];
      networking.firewall.extraCommands = mkOrder 1500 ''
        iptables -A nixos-fw -p tcp --dport 22 -s 10.0.0.0/8 -j nixos-fw-accept
      '';
    })

    (mkIf (cfg.enable && config.virtualisation.docker.enable) {
      virtualisation.docker.autoPrune = {
        enable = true;
        dates = "weekly";
      };
    })

    (mkIf (!cfg.enable) {
      services.xserver.enable = mkDefault true;
    })
  ];
}
