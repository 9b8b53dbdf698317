{ s = "héllo → wörld"; t = missingName; }
