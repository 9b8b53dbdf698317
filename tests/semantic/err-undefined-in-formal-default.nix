{ a ? missing, b }: a + b
