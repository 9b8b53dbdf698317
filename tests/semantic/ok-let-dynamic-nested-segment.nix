# Only the first segment of a let binding must be static.
key: let a.${key} = 1; in a
