using System.Globalization;
using System.Text;

namespace Haven.Protection.Names;

/// <summary>
/// A spelling-tolerant key for place names in Arabic or Latin script, so that "Deir al-Balah", "Deir el Balah"
/// and "دير البلح" meet. Arabic: diacritics and tatweel dropped; alef forms (أ إ آ ٱ) to ا; hamza carriers
/// ؤ, ئ to و, ي; ta marbuta (or ha written for it) at a word's end dropped; alef maqsura made ي; the article ال at a word's
/// start dropped; then letters transliterated to a Latin consonant skeleton. Latin: accents dropped, lower
/// case, the articles al/el/an/as/ash/at/ad/ar dropped at a word's start, digraphs folded (kh, gh, sh, th, dh,
/// ch, ou), q to k, doubled letters collapsed, vowels dropped (and y, w inside words, which Arabic writes as
/// long vowels). Keys compare by equality or a small edit distance (see <see cref="Matches"/>).
/// Stateless and thread-safe.
/// </summary>
public static class NameKey
{
    private static readonly string[] LatinArticles = ["al", "el", "an", "as", "ash", "at", "ad", "ar", "az", "ad-", "ul"];

    public static string Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Split([' ', '-', '_', '\'', '’', '`', ',', '.', '(', ')', '/'], StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder();
        for (int i = 0; i < words.Length; i++)
        {
            string w = words[i];
            if (IsArabic(w))
            {
                sb.Append(ArabicWord(w));
            }
            else
            {
                string latin = Fold(w.ToLowerInvariant());
                if (words.Length > 1 && i < words.Length - 1 && LatinArticles.Contains(latin))
                {
                    continue; // "al-", "el " before a noun
                }

                sb.Append(LatinWord(latin));
            }
        }

        return Collapse(sb.ToString());
    }

    /// <summary>
    /// True when two names have the same key, or keys of five or more letters differ by one edit (two for ten
    /// or more): transliterations differ by a letter here and there, short names must match exactly.
    /// </summary>
    public static bool Matches(string keyA, string keyB)
    {
        ArgumentNullException.ThrowIfNull(keyA);
        ArgumentNullException.ThrowIfNull(keyB);
        if (keyA.Length == 0 || keyB.Length == 0)
        {
            return false;
        }

        if (keyA == keyB)
        {
            return true;
        }

        int shorter = Math.Min(keyA.Length, keyB.Length);
        int allowed = shorter >= 10 ? 2 : shorter >= 5 ? 1 : 0;
        return allowed > 0 && Math.Abs(keyA.Length - keyB.Length) <= allowed && Distance(keyA, keyB) <= allowed;
    }

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions).</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static bool IsArabic(string word) => word.Any(c => c is >= '\u0600' and <= '\u06FF');

    private static string ArabicWord(string word)
    {
        var letters = new StringBuilder();
        foreach (char c in word)
        {
            if (c is >= '\u064B' and <= '\u065F' or '\u0670' or '\u0640')
            {
                continue; // harakat, superscript alef, tatweel
            }

            letters.Append(c switch
            {
                'أ' or 'إ' or 'آ' or 'ٱ' => 'ا',
                'ؤ' => 'و',
                'ئ' => 'ي',
                'ى' => 'ي',
                _ => c,
            });
        }

        string w = letters.ToString();
        if (w.Length > 3 && w.StartsWith("ال", StringComparison.Ordinal))
        {
            w = w[2..];
        }

        // Ta marbuta is often written as ha, and Latin spellings rarely show either: drop both at a word's end.
        if (w.Length > 2 && w[^1] is 'ة' or 'ه')
        {
            w = w[..^1];
        }

        var latin = new StringBuilder();
        for (int i = 0; i < w.Length; i++)
        {
            char c = w[i];
            bool first = i == 0;
            latin.Append(c switch
            {
                'ب' => "b",
                'ت' or 'ط' or 'ث' => "t",
                'ج' => "j",
                'ح' or 'ه' => "h",
                'خ' => "x",
                'د' or 'ض' or 'ذ' => "d",
                'ر' => "r",
                'ز' or 'ظ' => "z",
                'س' or 'ص' => "s",
                'ش' => "s",
                'غ' => "g",
                'ف' => "f",
                'ق' or 'ك' => "k",
                'ل' => "l",
                'م' => "m",
                'ن' => "n",
                'و' => first ? "w" : string.Empty,
                'ي' => first ? "y" : string.Empty,
                'ا' or 'ء' or 'ع' => string.Empty,
                >= '0' and <= '9' => c.ToString(),
                >= '\u0660' and <= '\u0669' => ((char)('0' + (c - '\u0660'))).ToString(),
                _ => string.Empty,
            });
        }

        return latin.ToString();
    }

    private static string LatinWord(string w)
    {
        // Digraphs first, so "kh" is one letter as خ is.
        w = w.Replace("kh", "x", StringComparison.Ordinal).Replace("gh", "g", StringComparison.Ordinal)
             .Replace("sh", "s", StringComparison.Ordinal).Replace("ch", "s", StringComparison.Ordinal)
             .Replace("th", "t", StringComparison.Ordinal).Replace("dh", "d", StringComparison.Ordinal)
             .Replace("ou", "u", StringComparison.Ordinal).Replace("q", "k", StringComparison.Ordinal)
             .Replace("c", "k", StringComparison.Ordinal);
        var sb = new StringBuilder();
        for (int i = 0; i < w.Length; i++)
        {
            char c = w[i];
            bool first = i == 0;
            if (c is 'a' or 'e' or 'i' or 'o' or 'u')
            {
                continue;
            }

            if (c is 'y' or 'w' && !first)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string Fold(string text)
    {
        var sb = new StringBuilder();
        foreach (char c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string Collapse(string key)
    {
        var sb = new StringBuilder();
        foreach (char c in key)
        {
            if (sb.Length == 0 || sb[^1] != c)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
