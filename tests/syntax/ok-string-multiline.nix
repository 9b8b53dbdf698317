"line one
line two
"
