{ a, }@x: x
