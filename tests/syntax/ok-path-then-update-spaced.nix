let b = { }; in ./a // b
