# Ünïcödé in comments: 日本語, emoji 🎉, Ελληνικά.
{
  greeting = "こんにちは, ${"世界"}";
  /* Block comment with non-ASCII: ½ ≠ ∞ */
  "clé-française" = "déjà vu";
  emoji = "🚀 launch";
  multiLine = ''
    Größe: 42 m²
    Ωmega → αlpha
  '';
  combining = "e\u0301 is not an escape: the backslash-u stays";
  rightToLeft = "שלום";
}
