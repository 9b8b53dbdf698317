{ enable, version }:
assert enable -> version != null;
if enable then "on-${version}" else "off"
