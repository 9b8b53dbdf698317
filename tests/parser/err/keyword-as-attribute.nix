{
  inherit = [ "a" "b" ];
  then = 1;
}
