set: with set; let local = fromSet + 1; in local
