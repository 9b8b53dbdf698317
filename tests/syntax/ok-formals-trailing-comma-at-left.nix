x@{ a, }: x
