rec { a = 1;
