let
  here = __curPos;
in
"${here.file}:${toString here.line}"
