set: (with set; member) + outside
