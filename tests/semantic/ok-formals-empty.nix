{ }: "nothing to take"
