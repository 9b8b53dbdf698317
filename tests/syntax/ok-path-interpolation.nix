let x = "a"; in [ ./a/${x} ./a/${x}/b ./a/${x}.nix ./${x} ]
