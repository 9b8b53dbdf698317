# The old `let { }` is a recursive set: dynamic names are allowed.
key: let { ${key} = 1; body = 2; }
