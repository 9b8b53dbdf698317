# The attributes of the second literal are added to the first, a rec set:
# their values see its names.
{
  meta = rec { homepage = "https://example.org"; };
  meta = { downloadPage = "${homepage}/download"; };
}
