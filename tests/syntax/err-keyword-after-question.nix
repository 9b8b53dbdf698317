let x = { }; in x ? in
