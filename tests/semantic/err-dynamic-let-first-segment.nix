key: let ${key}.a = 1; in 1
