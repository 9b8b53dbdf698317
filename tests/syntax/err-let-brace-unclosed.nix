let { body = 1;
