{ value = __toString 1; }
