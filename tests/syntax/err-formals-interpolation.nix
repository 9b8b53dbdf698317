let n = "a"; in { ${n} }: 1
