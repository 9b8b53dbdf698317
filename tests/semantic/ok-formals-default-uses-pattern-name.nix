# The `@` name is in scope in the defaults, on either side.
[
  (all@{ x ? all.fallback, ... }: x)
  ({ y ? whole.fallback, ... }@whole: y)
]
