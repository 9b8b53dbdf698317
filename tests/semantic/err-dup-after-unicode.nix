{ label = "naïve café ✓"; label = "again"; }
