{ a = "héllo ✓; }
