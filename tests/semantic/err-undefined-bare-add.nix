# `add` is only reachable as builtins.add or __add.
add 1 2
