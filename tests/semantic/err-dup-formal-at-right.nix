# The `@` name may not repeat a formal.
{ a, b }@a: a
