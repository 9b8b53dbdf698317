{ a ? a }: a
