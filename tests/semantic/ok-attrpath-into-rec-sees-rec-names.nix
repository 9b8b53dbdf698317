# A path into a `rec` set literal adds the attribute to that very set, so
# its value sees the set's names.
{
  versions = rec { major = "2"; minor = "8"; };
  versions.full = "${major}.${minor}";
}
