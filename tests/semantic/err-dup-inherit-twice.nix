x: { inherit x; inherit x; }
