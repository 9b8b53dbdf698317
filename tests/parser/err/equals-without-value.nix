{
  networking = {
    hostName = "nas";
    domain = ;
    firewall.enable = true;
  };
}
