{ src, patches ? [ ], ... }@attrs:
attrs // { patches = patches ++ [ ./fix.patch ]; inherit src; }
