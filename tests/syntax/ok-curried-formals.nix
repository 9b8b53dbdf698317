{ a }: { b }: { c ? a }: [ a b c ]
