let a = _: 1; in a.1
