[ ./. ../. ./a ../a/b ./a.b-c_d+e /abs/path foo/bar ]
