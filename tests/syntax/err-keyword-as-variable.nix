let then = 1; in 1
