let a = "x"; in ''${a''
