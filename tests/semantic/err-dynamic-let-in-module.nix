{ config, lib, ... }:
let
  name = "web";
  ${name + "Cfg"} = config.services.${name};
in
{
  services.${name}.enable = true;
}
