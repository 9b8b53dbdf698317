a@b: 1
