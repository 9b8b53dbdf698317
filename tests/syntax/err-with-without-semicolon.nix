with { }
