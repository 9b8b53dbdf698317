args@{ name, version ? "1.0", ... }:
{
  inherit name version;
  extra = removeAttrs args [ "name" "version" ];
}
