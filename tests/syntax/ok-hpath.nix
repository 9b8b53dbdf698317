[ ~/x ~/.config/a.nix ]
