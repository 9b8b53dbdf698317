/* A long
   block comment
   spanning lines */ let a = 1; in /* more
   comment */ a + b
