{
  allowUnfree = true;
  permittedInsecurePackages = [ "openssl-1.1.1w" ];
  packageOverrides = pkgs: with pkgs; {
    myEnv = buildEnv {
      name = "my-env";
      paths = [ git tmux htop ];
    };
  };
}
