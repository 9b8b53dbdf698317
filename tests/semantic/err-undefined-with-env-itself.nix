# The environment of a `with` is outside the with's own scope.
with attrs; value
