{ lib, ... }:
{
  config = {
    services.web = {
      enable = true;
      settings = {
        inherit lib;
        inherit port;
      };
    };
  };
}
