{ a = 1; b = notDefined; }
