let x = "v"; in "a ${"b ${"c ${x}"}"} d"
