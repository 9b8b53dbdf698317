{ a, b }:
if enableFeature then a else b
