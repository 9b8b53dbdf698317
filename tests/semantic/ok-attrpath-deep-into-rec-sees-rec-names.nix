{
  build = rec { jobs = 4; };
  build.flags.make = "-j${toString jobs}";
}
