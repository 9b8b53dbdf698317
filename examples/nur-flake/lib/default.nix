# Helpers shared by the modules of this flake, exported as `lib` from the
# flake as well.
{ lib }:
let
  inherit (lib) mkOption mkEnableOption types;
in
rec {
  # The options every small network service here has in common: an
  # enable switch, the port it listens on, whether to open that port in
  # the firewall, and the account it runs as.
  mkServiceOptions =
    name:
    {
      description,
      defaultPort,
      user ? name,
      group ? user,
    }:
    {
      enable = mkEnableOption description;

      port = mkOption {
        type = types.port;
        default = defaultPort;
        description = "TCP port ${name} listens on.";
      };

      openFirewall = mkOption {
        type = types.bool;
        default = false;
        description = "Whether to open {option}`port` in the firewall.";
      };

      user = mkOption {
        type = types.str;
        default = user;
        description = "User account ${name} runs as.";
      };

      group = mkOption {
        type = types.str;
        default = group;
        description = "Group ${name} runs as.";
      };
    };

  # A systemd hardening profile for services that only need the network.
  hardenedServiceConfig = {
    CapabilityBoundingSet = "";
    LockPersonality = true;
    MemoryDenyWriteExecute = true;
    NoNewPrivileges = true;
    PrivateDevices = true;
    PrivateTmp = true;
    ProtectClock = true;
    ProtectControlGroups = true;
    ProtectHome = true;
    ProtectHostname = true;
    ProtectKernelLogs = true;
    ProtectKernelModules = true;
    ProtectKernelTunables = true;
    ProtectSystem = "strict";
    RestrictAddressFamilies = [
      "AF_INET"
      "AF_INET6"
      "AF_UNIX"
    ];
    RestrictNamespaces = true;
    RestrictRealtime = true;
    SystemCallArchitectures = "native";
    SystemCallFilter = [
      "@system-service"
      "~@privileged"
    ];
    UMask = "0077";
  };

  # `toArgs { port = 80; verbose = true; }` is [ "--port=80" "--verbose" ].
  toArgs =
    attrs:
    lib.concatLists (
      lib.mapAttrsToList (
        k: v:
        if v == true then
          [ "--${k}" ]
        else if v == false || v == null then
          [ ]
        else
          [ "--${k}=${toString v}" ]
      ) attrs
    );

  # Same as toArgs, for a whole command line.
  toCommandLine = attrs: lib.escapeShellArgs (toArgs attrs);
}
