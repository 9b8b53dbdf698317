{
  ${"computed"} = 1;
  regular = 2;
  "quoted" = 3;
}
