# Helpers that build options, in a file that is not a module.
{ lib }:
let
  inherit (lib) mkOption types;
in
{
  # The options every small service has, declared by a function.
  serviceOptions = name: { defaultPort, user ? name }: {
    enable = lib.mkEnableOption "the ${name} service";
    port = mkOption {
      type = types.port;
      default = defaultPort;
      description = "Port ${name} listens on.";
    };
    user = mkOption {
      type = types.str;
      default = user;
      description = "Account ${name} runs as.";
    };
  };

  # A submodule shared by two modules.
  endpoint = { name, ... }: {
    options = {
      url = mkOption {
        type = types.strMatching "https?://.*";
        description = "Where `${name}` lives.";
      };
      weight = mkOption {
        type = types.ints.between 1 100;
        default = 10;
        description = "Relative weight of ${name}.";
      };
    };
  };
}
