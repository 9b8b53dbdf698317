# Defaults may refer to other formals, in either direction.
{ a ? b, b ? a }: a
