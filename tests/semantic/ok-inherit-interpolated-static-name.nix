src: { inherit (src) ${"b"} "c"; }
