key: let "${key}" = 1; in 1
