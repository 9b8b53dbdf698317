let z = 2; in z * 21
