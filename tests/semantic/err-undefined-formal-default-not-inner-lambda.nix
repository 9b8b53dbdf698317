# Defaults see the formals of their own function, not of inner ones.
{ a ? b }: b: a
