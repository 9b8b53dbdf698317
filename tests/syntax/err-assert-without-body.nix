assert true;
