let "answer" = 42; in answer
