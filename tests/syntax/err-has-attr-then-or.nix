let a = { }; in a ? b or c
