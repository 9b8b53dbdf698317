{ }: !isEnabled
