{
  name: "my-config";
  version = "1.0";
}
