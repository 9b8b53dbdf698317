# The environment of the inner `with` is outside that with, but inside the
# outer one, so `inner` may come from `outer`.
outer: with outer; with inner; result
