/${"etc"}/nixos
