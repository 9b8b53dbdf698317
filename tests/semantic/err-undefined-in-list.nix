{ one, two }:
[ one two three ]
