# "${"a"}" is a string with an interpolation, so it is dynamic.
let "${"a"}" = 1; in 1
