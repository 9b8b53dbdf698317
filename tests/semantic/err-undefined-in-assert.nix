{ version }:
assert versionAtLeast version "2.0";
version
