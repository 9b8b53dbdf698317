rec {
  pname = "tool";
  version = "0.3.1";
  name = "${pname}-${version}";
}
