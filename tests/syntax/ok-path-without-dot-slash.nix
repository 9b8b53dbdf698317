[ 1/2 a+b/c .../a a.b/c ]
