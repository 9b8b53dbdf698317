{ a,, b }: a
